import { Text } from '@mantine/core';
import type { Restriction } from '@vantage/contracts';
import type { ReactNode } from 'react';
import { isRefusedDuringImpersonation } from '@/lib/restrictions';

interface RestrictionNoteProps {
  /** `useRestriction(action)`: nothing is shown while the API allows the action. */
  restriction: Restriction | null;
  /** Added when the refusal is because Vantage support is working in the account, e.g. "Only the account owner can …". */
  duringImpersonation?: string;
}

/** Why the controls below are disabled, in the API's words (from `/auth/me`), above them. */
export function RestrictionNote({ restriction, duringImpersonation }: RestrictionNoteProps) {
  if (!restriction) return null;
  return (
    <Text size="sm" c="dimmed">
      {restriction.message}
      {duringImpersonation && isRefusedDuringImpersonation(restriction) && ` ${duringImpersonation}`}
    </Text>
  );
}

/** A form's fields, disabled together while the API would refuse the form; a fieldset without its frame. */
export function RestrictedFieldset({ restriction, children }: { restriction: Restriction | null; children: ReactNode }) {
  return (
    <fieldset disabled={restriction !== null} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
      {children}
    </fieldset>
  );
}
