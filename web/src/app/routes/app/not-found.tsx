import { Button, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useLocation } from 'react-router-dom';
import { paths } from '@/config/paths';

export default function NotFoundPage() {
  const { pathname } = useLocation();
  useDocumentTitle('Page not found · Vantage');
  return (
    <Stack gap="md" maw={560} py="xl">
      <Title order={1}>Page not found</Title>
      <Text c="dimmed">
        There is no page at{' '}
        <Text span ff="monospace">
          {pathname}
        </Text>
        . The link may be wrong, or the page may have moved.
      </Text>
      <div>
        <Button component={Link} to={paths.home}>
          Back to your workspace
        </Button>
      </div>
    </Stack>
  );
}
