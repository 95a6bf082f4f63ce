import { Group, Loader, NativeSelect, Stack, Text } from '@mantine/core';
import type { Lead } from '@vantage/contracts';
import { useState, type ChangeEvent } from 'react';
import { ErrorAlert } from '@/components/error-alert';
import { useRestriction } from '@/lib/restrictions';
import { CheckIcon } from '@/components/icons';
import { useUpdateLeadStatus } from '../api/update-lead-status';
import { isLeadStatus, LEAD_STATUS_OPTIONS, leadStatusLabel } from './lead-status';

/**
 * The lead's status, saved as soon as it is changed. The select shows the new value at once and
 * goes back to the saved one if the API refuses.
 */
export function LeadStatusSelect({ lead }: { lead: Lead }) {
  const updateStatus = useUpdateLeadStatus();
  const restriction = useRestriction('change_data');
  const [savedAs, setSavedAs] = useState<string | null>(null);
  const shown = updateStatus.isPending && updateStatus.variables ? updateStatus.variables.status : lead.status;

  const handleChange = (event: ChangeEvent<HTMLSelectElement>) => {
    const status = event.currentTarget.value;
    if (!isLeadStatus(status) || status === lead.status) return;
    setSavedAs(null);
    updateStatus.mutate({ leadId: lead.id, status }, { onSuccess: (updated) => setSavedAs(leadStatusLabel(updated.status)) });
  };

  return (
    <Stack gap="xs">
      <NativeSelect
        label="Status"
        description={restriction ? restriction.message : 'Saved as soon as you change it.'}
        // Disabled only when the API would refuse any change (a read-only support session).
        disabled={restriction !== null}
        data={LEAD_STATUS_OPTIONS}
        value={shown}
        onChange={handleChange}
        // Not disabled while saving: a disabled select drops keyboard focus to the page.
        aria-busy={updateStatus.isPending}
        maw={260}
        rightSection={updateStatus.isPending ? <Loader size={14} aria-hidden="true" /> : undefined}
      />
      <div aria-live="polite">
        {updateStatus.isPending && (
          <Text size="sm" c="dimmed">
            Saving…
          </Text>
        )}
        {!updateStatus.isPending && savedAs && (
          <Group gap={4} c="indigo.8">
            <CheckIcon size={14} />
            <Text size="sm">Status saved: {savedAs}.</Text>
          </Group>
        )}
      </div>
      {updateStatus.isError && <ErrorAlert error={updateStatus.error} title="The status was not changed" />}
    </Stack>
  );
}
