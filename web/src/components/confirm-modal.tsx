import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from './error-alert';

interface ConfirmModalProps {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  pending: boolean;
  /** Why the last attempt failed, shown in the dialog so the person can decide what to do next. */
  error: unknown;
  errorTitle: string;
  /** Words after the error's sentence, e.g. what the page did about it. */
  errorDetail?: string;
}

/**
 * "Are you sure?" before a change that cannot simply be undone (removing someone from a team, ending an
 * impersonation). The focus starts on Cancel, the harmless choice: Enter alone never confirms.
 */
export function ConfirmModal({
  opened,
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  pending,
  error,
  errorTitle,
  errorDetail,
}: ConfirmModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered styles={{ title: { overflowWrap: 'anywhere' } }}>
      <Stack gap="md">
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {children}
        </Text>
        {error !== null && error !== undefined && (
          <ErrorAlert error={error} title={errorTitle}>
            {errorDetail && ` ${errorDetail}`}
          </ErrorAlert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={pending} data-autofocus>
            Cancel
          </Button>
          <Button color="red.8" onClick={onConfirm} loading={pending}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
