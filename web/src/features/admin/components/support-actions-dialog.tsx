import { Button, Group, Modal, Skeleton, Stack, Table, Text } from '@mantine/core';
import type { ActiveImpersonation } from '@vantage/contracts';
import { ErrorAlert } from '@/components/error-alert';
import { downloadCsv } from '@/lib/csv';
import { formatDateTime } from '@/lib/format-date';
import { MODE_LABELS } from '@/lib/support-access-words';
import { describeSupportActionStatus, supportActionsCsv, supportActionWord } from '@/lib/support-actions';
import { useImpersonationActions } from '../api/get-impersonation-actions';

const timeOfDay = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

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
          <Table verticalSpacing={6} aria-label="Support actions" stickyHeader>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Time</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
                <Table.Th scope="col">Path</Table.Th>
                <Table.Th scope="col">Answer</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {actions.map((action, index) => (
                <Table.Tr key={`${action.at}-${index}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    <time dateTime={action.at}>{timeOfDay.format(new Date(action.at))}</time>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {supportActionWord(action.method)}{' '}
                    <Text span size="xs" c="dimmed" ff="monospace">
                      {action.method}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                      {action.path}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{describeSupportActionStatus(action.status)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
