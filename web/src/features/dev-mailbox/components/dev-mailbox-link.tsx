import { Anchor, Text } from '@mantine/core';
import { paths } from '@/config/paths';
import { useDevMailbox } from '../api/get-dev-mailbox';

/**
 * "Running locally? Open the development mailbox" — only when this server has one (it answers
 * the mailbox request); against a server that sends real mail nothing is shown. Opens in a new
 * tab so the sign-in in progress is not lost.
 */
export function DevMailboxLink() {
  const mailboxQuery = useDevMailbox();
  if (!mailboxQuery.isSuccess) return null;
  return (
    <Text size="sm" ta="center">
      Running locally?{' '}
      <Anchor href={paths.devMailbox} target="_blank" rel="noopener">
        Open the development mailbox
        <Text span size="xs" c="dimmed">
          {' '}
          (opens in a new tab)
        </Text>
      </Anchor>
    </Text>
  );
}
