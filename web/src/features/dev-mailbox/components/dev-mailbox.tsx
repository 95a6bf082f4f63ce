import { Alert, Badge, Button, Card, Code, CopyButton, EmptyState, Group, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import type { DevMail } from '@vantage/contracts';
import { useState } from 'react';
import { AlertIcon } from '@/components/icons';
import { LoadError } from '@/components/list-states';
import { formatDateTime, formatRelativeTime } from '@/lib/format-date';
import { isMailboxOff, useDevMailbox } from '../api/get-dev-mailbox';

/** The 6-digit code in a sign-in mail, shown big so nobody has to hunt for it in the text. */
export function findOneTimeCode(text: string): string | null {
  return text.match(/\b(\d{6})\b/)?.[1] ?? null;
}

function MailCard({ mail }: { mail: DevMail }) {
  const code = findOneTimeCode(mail.text);
  return (
    <Card withBorder radius="md" padding="lg" component="article" aria-label={`${mail.subject}, to ${mail.to}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
          <div style={{ minWidth: 0 }}>
            <Title order={2} size="h5" style={{ overflowWrap: 'anywhere' }}>
              {mail.subject}
            </Title>
            <Text size="sm" c="dimmed">
              To {mail.to}
            </Text>
          </div>
          <Text size="sm" c="dimmed" component="time" dateTime={mail.sentAt} title={formatDateTime(mail.sentAt)}>
            {formatRelativeTime(mail.sentAt)}
          </Text>
        </Group>
        {code && (
          <Group gap="sm">
            <Text size="sm" fw={600}>
              Code
            </Text>
            <Code fz="xl" fw={700} px="md" py={4} style={{ letterSpacing: '0.2em' }} data-testid="mail-code">
              {code}
            </Code>
            <CopyButton value={code} timeout={2000}>
              {({ copied, copy }) => (
                <Button variant="default" size="xs" onClick={copy}>
                  {copied ? 'Copied' : 'Copy code'}
                </Button>
              )}
            </CopyButton>
          </Group>
        )}
        <Text size="sm" component="pre" m={0} ff="monospace" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {mail.text}
        </Text>
      </Stack>
    </Card>
  );
}

/** The development server's outbox, newest first, refreshing itself every few seconds. */
export function DevMailbox() {
  const mailboxQuery = useDevMailbox({ live: true });
  const [recipient, setRecipient] = useState('');

  if (mailboxQuery.isPending) {
    return (
      <Stack gap="md" aria-busy="true" aria-label="Loading the mailbox">
        <Skeleton height={120} radius="md" />
        <Skeleton height={120} radius="md" />
      </Stack>
    );
  }

  if (mailboxQuery.isError) {
    if (isMailboxOff(mailboxQuery.error)) {
      return (
        <Alert color="gray" icon={<AlertIcon />} title="The development mailbox is off: mail is delivered by SMTP">
          This server sends email for real (or runs in production), so messages are not kept here. Look for them in the inbox they were sent
          to.
        </Alert>
      );
    }
    return <LoadError error={mailboxQuery.error} title="Could not open the mailbox" onRetry={() => void mailboxQuery.refetch()} />;
  }

  const filter = recipient.trim().toLowerCase();
  const mails = filter ? mailboxQuery.data.filter((mail) => mail.to.toLowerCase().includes(filter)) : mailboxQuery.data;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label="Show mail to"
          placeholder="name@example.com"
          value={recipient}
          onChange={(event) => setRecipient(event.currentTarget.value)}
          w={320}
          type="search"
        />
        <Group gap="sm">
          <Badge variant="light" color="gray" radius="sm">
            {mailboxQuery.data.length} kept (the last 50)
          </Badge>
          <Button variant="default" size="sm" onClick={() => void mailboxQuery.refetch()} loading={mailboxQuery.isFetching}>
            Refresh
          </Button>
        </Group>
      </Group>

      {mails.length === 0 ? (
        <Card withBorder radius="md" padding="xl">
          <EmptyState
            title={filter ? `No mail to “${recipient.trim()}”` : 'No mail yet'}
            description="Sign-in codes and security notices appear here as soon as the server sends them. This page checks every 5 seconds."
          />
        </Card>
      ) : (
        <Stack gap="md" component="section" aria-label="Messages, newest first">
          {mails.map((mail) => (
            <MailCard key={mail.id} mail={mail} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
