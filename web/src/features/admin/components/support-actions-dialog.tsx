import { Button, Group, Modal, Skeleton, Stack, Table, Text } from '@mantine/core';
import type { ActiveImpersonation } from '@vantage/contracts';
import { ErrorAlert } from '@/components/error-alert';
import { SupportActionsTable } from '@/components/support-actions-table';
import { downloadCsv } from '@/lib/csv';
import { formatDateTime } from '@/lib/format-date';
import { MODE_LABELS } from '@/lib/support-access-words';
import { supportActionsCsv } from '@/lib/support-actions';
import { useImpersonationActions } from '../api/get-impersonation-actions';

interface SupportActionsDialogProps {
  /** The session whose actions are shown; the dialog is closed while null. */
  session: ActiveImpersonation | null;
  onClose: () => void;
}

/** Every request support made in one session (time, method, path, answer), with a CSV download. */
export function SupportActionsDialog({ session, onClose }: SupportActionsDialogProps) {
  return (
    <Modal
      opened={session !== null}
      onClose={onClose}
      title={session ? `Actions of ${session.impersonator.name} as ${session.impersonated.name}` : ''}
      size="xl"
      centered
      styles={{ title: { overflowWrap: 'anywhere' } }}
    >
      {session && <SupportActionsList session={session} />}
    </Modal>
  );
}

function SupportActionsList({ session }: { session: ActiveImpersonation }) {
  const actionsQuery = useImpersonationActions(session.id, true);

  if (actionsQuery.isPending) {
    return (
      <Stack gap="xs" role="status" aria-busy="true" aria-label="Loading the actions">
        <Skeleton height={28} />
        <Skeleton height={28} />
        <Skeleton height={28} />
      </Stack>
    );
  }
  if (actionsQuery.isError) {
    return (
      <Stack gap="sm" align="flex-start">
        <ErrorAlert error={actionsQuery.error} title="Could not load the actions" w="100%" />
        <Button variant="default" onClick={() => void actionsQuery.refetch()}>
          Try again
        </Button>
      </Stack>
    );
  }

  const actions = actionsQuery.data.items;
  const count = `${actions.length} ${actions.length === 1 ? 'request' : 'requests'}`;
  return (
    <Stack gap="md">
      <Group justify="space-between" gap="sm">
        <Text size="sm" c="dimmed">
          {MODE_LABELS[session.mode]} session started {formatDateTime(session.startedAt)}: {count} so far.
        </Text>
        <Button
          variant="default"
          size="xs"
          disabled={actions.length === 0}
          onClick={() => downloadCsv(`support-session-${session.id}-actions.csv`, supportActionsCsv(actions))}
        >
          Download CSV
        </Button>
      </Group>
      {actions.length === 0 ? (
        <Text size="sm">No requests yet.</Text>
      ) : (
        <Table.ScrollContainer minWidth={520} mah={420}>
          <SupportActionsTable actions={actions} label="Support actions" />
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
