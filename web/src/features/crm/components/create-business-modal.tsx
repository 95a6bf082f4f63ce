import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { CRM_NAME_MAX_LENGTH, DESCRIPTION_MAX_LENGTH, type Business } from '@vantage/contracts';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/error-alert';
import { useForm } from '@/lib/use-form';
import { collectErrors, nameError, tooLongError } from '@/lib/validation';
import { useCreateBusiness } from '../api/create-business';

function validateBusiness(values: { name: string; description: string }) {
  return collectErrors({
    name: nameError(values.name, 'the business’s name', CRM_NAME_MAX_LENGTH),
    description: tooLongError(values.description, DESCRIPTION_MAX_LENGTH),
  });
}

interface CreateBusinessModalProps {
  opened: boolean;
  onClose: () => void;
  teamName: string;
  onCreated?: (business: Business) => void;
}

export function CreateBusinessModal({ opened, onClose, teamName, onCreated }: CreateBusinessModalProps) {
  const createBusiness = useCreateBusiness();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({ initialValues: { name: '', description: '' }, validate: validateBusiness });

  const close = () => {
    form.reset();
    setFormError(null);
    createBusiness.reset();
    onClose();
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.validateAll()) return;
    const description = form.values.description.trim();
    createBusiness.mutate(
      { name: form.values.name.trim(), ...(description ? { description } : {}) },
      {
        onSuccess: (business) => {
          notifications.show({ color: 'indigo', title: 'Business added', message: `${business.name} is now in ${teamName}.` });
          onCreated?.(business);
          close();
        },
        onError: (error) => {
          if (!form.applyServerFieldErrors(error)) setFormError(error);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="New business" centered size="lg">
      <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label="New business">
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            Everyone in {teamName} will see it, with its leads and comments.
          </Text>
          {formError !== null && <ErrorAlert error={formError} title="Could not add the business" />}
          <TextInput {...form.field('name')} label="Name" required data-autofocus autoComplete="organization" />
          <Textarea
            {...form.field('description')}
            label="Description"
            description="Optional: what they do, how you know them."
            autosize
            minRows={3}
            maxRows={8}
          />
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={createBusiness.isPending}>
              Add business
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
