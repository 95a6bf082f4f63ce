import { Anchor, Box, Container, Group, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link } from 'react-router-dom';
import { Brand } from '@/components/brand';
import { PageHeader } from '@/components/page-header';
import { paths } from '@/config/paths';
import { DevMailbox } from '@/features/dev-mailbox/components/dev-mailbox';
import { useCurrentUser } from '@/lib/current-user';

/**
 * The development mailbox: public (whoever is signing in needs their code), outside the app frame,
 * and only useful on a server without SMTP — which the page says when it is not.
 */
export default function DevMailboxPage() {
  const { status } = useCurrentUser();
  useDocumentTitle('Development mailbox · Vantage');

  return (
    <Box bg="gray.0" mih="100vh">
      <Box component="header" bg="white" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Container size="md">
          <Group justify="space-between">
            <Anchor component={Link} to={paths.home} underline="never" aria-label="Vantage home">
              <Brand />
            </Anchor>
            <Anchor component={Link} to={status === 'signed-in' ? paths.home : paths.signIn} size="sm" fw={600}>
              {status === 'signed-in' ? 'Back to Vantage' : 'Go to sign in'}
            </Anchor>
          </Group>
        </Container>
      </Box>
      <Container size="md" component="main" py="xl">
        <Stack gap="lg">
          <PageHeader
            eyebrow="Development"
            title="Mailbox"
            description="The email this server would have sent — sign-in codes, security notices — newest first. It exists only while no SMTP_URL is configured, and never in production."
          />
          <DevMailbox />
          <Text size="xs" c="dimmed">
            Anyone who can open this page can read these messages: keep development servers private.
          </Text>
        </Stack>
      </Container>
    </Box>
  );
}
