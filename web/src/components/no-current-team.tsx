import { Card, EmptyState } from '@mantine/core';
import { UsersIcon } from './icons';

/** Team-scoped pages (businesses, leads, audit log) when the person is not working in a team. */
export function NoCurrentTeam() {
  return (
    <Card withBorder radius="md" padding="xl">
      <EmptyState
        icon={<UsersIcon size={30} />}
        withIndicatorBackground
        title="You are not working in a team"
        description="Businesses, leads and the audit log belong to a team. Create one, or switch to a team you belong to, from the team menu at the top of the page."
      />
    </Card>
  );
}
