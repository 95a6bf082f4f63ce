import { Button, Center, Code, Stack, Text, Title } from '@mantine/core';
import { isRouteErrorResponse, useRouteError } from 'react-router-dom';
import { BrandMark } from '@/components/brand';

/**
 * Last line of defence for a page that failed to load or render — most often a code chunk that
 * disappeared with a new deployment, which a reload fixes.
 */
export function RouteErrorPage() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : error instanceof Error ? error.message : null;

  return (
    <Center component="main" mih="100vh" p="md">
      <Stack align="center" gap="md" maw={480} ta="center">
        <BrandMark size={40} />
        <Title order={1} size="h2">
          This page could not be shown
        </Title>
        <Text c="dimmed">Something went wrong while loading it. Reloading usually fixes this.</Text>
        {detail && <Code>{detail}</Code>}
        <Button onClick={() => window.location.reload()}>Reload the page</Button>
      </Stack>
    </Center>
  );
}
