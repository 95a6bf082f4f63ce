import { Table, Text } from '@mantine/core';
import type { SupportAction } from '@vantage/contracts';
import { describeSupportActionStatus, supportActionWord } from '@/lib/support-actions';

const timeWithSeconds = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * What support did in one session, oldest first: time, Viewed/Changed with the method, the path with its
 * ids, and the answer. The same table for the customer (Support access history) and for admins
 * (Active impersonations), so both read a session the same way.
 */
export function SupportActionsTable({ actions, label }: { actions: readonly SupportAction[]; label: string }) {
  return (
    <Table verticalSpacing={4} aria-label={label} stickyHeader>
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
              <time dateTime={action.at}>{timeWithSeconds.format(new Date(action.at))}</time>
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
  );
}
