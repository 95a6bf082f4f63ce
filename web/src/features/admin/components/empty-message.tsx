import { EmptyState, Paper } from '@mantine/core';
import type { ReactNode } from 'react';

interface EmptyMessageProps {
  icon: ReactNode;
  /** A heading (level 2) so screen-reader users can find it like the rest of the page's sections. */
  title: string;
  description: string;
  /** Buttons that get the person out of the empty state. */
  actions?: ReactNode;
}

/** An empty table's message: what is (not) here and, where possible, what to do about it. */
export function EmptyMessage({ icon, title, description, actions }: EmptyMessageProps) {
  return (
    <Paper withBorder radius="md" py="xl" px="md">
      <EmptyState icon={icon} withIndicatorBackground>
        <EmptyState.Title order={2}>{title}</EmptyState.Title>
        <EmptyState.Description>{description}</EmptyState.Description>
        {actions && <EmptyState.Actions>{actions}</EmptyState.Actions>}
      </EmptyState>
    </Paper>
  );
}
