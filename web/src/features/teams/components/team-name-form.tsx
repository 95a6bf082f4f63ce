import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TeamSummary } from '@vantage/contracts';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/error-alert';
import { RestrictedFieldset, RestrictionNote } from '@/components/restriction';
import { useRestriction } from '@/lib/restrictions';
import { useForm } from '@/lib/use-form';
import { collectErrors, nameError } from '@/lib/validation';
import { useUpdateTeam } from '../api/update-team';
import { useOwnerRefusal } from '../hooks/use-owner-refusal';

/** The team's name: owners rename it, everyone else reads it. */
export function TeamNameForm({ team }: { team: TeamSummary }) {
  const restriction = useRestriction('manage_team');
  const updateTeam = useUpdateTeam(team.id);
  const noteOwnerRefusal = useOwnerRefusal();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { name: team.name },
    validate: (values) => collectErrors({ name: nameError(values.name, 'a team name') }),
  });
  const name = form.values.name.trim();

  if (team.role !== 'owner') {
    return (
      <Stack gap={4}>
        <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
          {team.name}
        </Text>
        <Text size="sm" c="dimmed">
          Only the team’s owners can rename it.
        </Text>
      </Stack>
    );
  }

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.validateAll()) return;
    updateTeam.mutate(
      { name },
      {
        onSuccess: (saved) =>
          notifications.show({ color: 'indigo', title: 'Team renamed', message: `The team is now called ${saved.name}.` }),
        onError: (error) => {
          noteOwnerRefusal(error);
          if (!form.applyServerFieldErrors(error)) setFormError(error);
        },
      },
    );
  };

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label="Team name">
      <Stack gap="sm">
        <RestrictionNote restriction={restriction} />
        {formError !== null && <ErrorAlert error={formError} title="The team was not renamed" />}
        <RestrictedFieldset restriction={restriction}>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              {...form.field('name')}
              label="Team name"
              required
              autoComplete="organization"
              style={{ flex: '1 1 260px' }}
              maw={420}
            />
            <Button type="submit" loading={updateTeam.isPending} disabled={restriction !== null || name === team.name}>
              Save name
            </Button>
          </Group>
        </RestrictedFieldset>
      </Stack>
    </form>
  );
}
