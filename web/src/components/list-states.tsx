import { Button, Card, Skeleton, Stack } from '@mantine/core';
import { ErrorAlert } from './error-alert';

/** The placeholder rows a list shows while it loads. */
export function TableSkeleton({ label, rows = 4 }: { label: string; rows?: number }) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm" aria-busy="true" aria-label={label}>
        {Array.from({ length: rows }, (_, row) => (
          <Skeleton key={row} height={36} />
        ))}
      </Stack>
    </Card>
  );
}

/** A list that could not load: the reason in words, and a way to try again. */
export function LoadError({ error, title, onRetry }: { error: unknown; title: string; onRetry: () => void }) {
  return (
    <Stack gap="sm" align="flex-start">
      <ErrorAlert error={error} title={title} w="100%" />
      <Button variant="default" size="xs" onClick={onRetry}>
        Try again
      </Button>
    </Stack>
  );
}
