import { Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { PageTitle } from './page-title';

interface PageHeaderProps {
  title: string;
  /** Small line above the title; team-scoped pages put the current team's name here. */
  eyebrow?: ReactNode;
  description?: ReactNode;
  /** Buttons on the right (wrap below the title on narrow screens). */
  actions?: ReactNode;
}

/** The top of every signed-in page: where you are, what this page is, what you can do here. */
export function PageHeader({ title, eyebrow, description, actions }: PageHeaderProps) {
  return (
    <Group justify="space-between" align="flex-end" gap="md" wrap="wrap">
      <Stack gap={4} miw={0} style={{ flex: '1 1 320px' }}>
        {eyebrow && (
          <Text size="sm" fw={700} c="indigo.8" tt="uppercase" style={{ letterSpacing: '0.06em' }}>
            {eyebrow}
          </Text>
        )}
        <PageTitle text={title} />
        {description && (
          <Text c="dimmed" maw={720}>
            {description}
          </Text>
        )}
      </Stack>
      {actions && <Group gap="sm">{actions}</Group>}
    </Group>
  );
}
