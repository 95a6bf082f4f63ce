import { Button, Card, EmptyState } from '@mantine/core';
import { Link } from 'react-router-dom';
import { AlertIcon } from './icons';

interface NotFoundStateProps {
  title: string;
  description: string;
  backTo: string;
  backLabel: string;
}

/** A detail page whose record does not exist here (wrong link, deleted, or another team's). */
export function NotFoundState({ title, description, backTo, backLabel }: NotFoundStateProps) {
  return (
    <Card withBorder radius="md" padding="xl">
      <EmptyState icon={<AlertIcon size={30} />} withIndicatorBackground title={title} description={description}>
        <EmptyState.Actions>
          <Button component={Link} to={backTo}>
            {backLabel}
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Card>
  );
}
