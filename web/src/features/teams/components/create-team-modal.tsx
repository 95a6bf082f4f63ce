import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TeamSummary } from '@vantage/contracts';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/error-alert';
import { useForm } from '@/lib/use-form';
import { collectErrors, nameError } from '@/lib/validation';
import { useCreateTeam } from '../api/create-team';

interface CreateTeamModalProps {
  opened: boolean;
  onClose: () => void;
  onCreated?: (team: TeamSummary) => void;
}

export function CreateTeamModal({ opened, onClose, onCreated }: CreateTeamModalProps) {
  const createTeamMutation = useCreateTeam();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { name: '' },
    validate: (values) => collectErrors({ name: nameError(values.name, 'a team name') }),
  });

  const close = () => {
    form.reset();
    setFormError(null);
    createTeamMutation.reset();
    onClose();
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.validateAll()) return;
    createTeamMutation.mutate(
      { name: form.values.name.trim() },
      {
        onSuccess: (team) => {
          notifications.show({
            color: 'indigo',
            title: 'Team created',
            message: `${team.name} is ready. Switch to it from the team menu in the header.`,
          });
          onCreated?.(team);
          close();
        },
        onError: (error) => {
          if (!form.applyServerFieldErrors(error)) setFormError(error);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="Create a team" centered>
      <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label="Create a team">
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            Each team has its own businesses, leads and audit log. You will be its owner.
          </Text>
          {formError !== null && <ErrorAlert error={formError} title="Could not create the team" />}
          <TextInput {...form.field('name')} label="Team name" required data-autofocus autoComplete="off" />
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={createTeamMutation.isPending}>
              Create team
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
