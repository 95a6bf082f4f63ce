import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { BrandMark } from '@/components/brand';
import { errorSentence } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/current-user';

/**
 * The session could not be checked (API unreachable, overloaded or throttling): the person is
 * neither known to be signed in nor out, so explain and offer a retry instead of a sign-in form.
 */
export function SessionUnavailable() {
  const { restoreError, retryRestore } = useCurrentUser();
  return (
    <Center component="main" mih="100vh" p="md">
      <Stack align="center" gap="md" maw={420} ta="center">
        <BrandMark size={40} />
        <Title order={1} size="h2">
          We could not open Vantage
        </Title>
        <Text c="dimmed">{errorSentence(restoreError)}</Text>
        <Button onClick={retryRestore}>Try again</Button>
      </Stack>
    </Center>
  );
}
