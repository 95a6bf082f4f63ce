import { Button, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/error-alert';
import { RestrictedFieldset, RestrictionNote } from '@/components/restriction';
import { useSignedInUser } from '@/lib/current-user';
import { useRestriction } from '@/lib/restrictions';
import { useForm } from '@/lib/use-form';
import { collectErrors, personNameError } from '@/lib/validation';
import { useUpdateProfile } from '../api/update-profile';

/** First and last name (support may correct these too); the email is the sign-in and is not edited here. */
export function ProfileForm() {
  const user = useSignedInUser();
  const updateProfile = useUpdateProfile();
  const restriction = useRestriction('change_data');
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { firstName: user.firstName, lastName: user.lastName },
    validate: (values) =>
      collectErrors({
        firstName: personNameError(values.firstName, 'your first name', 'firstName'),
        lastName: personNameError(values.lastName, 'your last name', 'lastName'),
      }),
  });
  const firstName = form.values.firstName.trim();
  const lastName = form.values.lastName.trim();
  const changed = firstName !== user.firstName || lastName !== user.lastName;

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.validateAll()) return;
    updateProfile.mutate(
      { firstName, lastName },
      {
        onSuccess: (saved) =>
          notifications.show({ color: 'indigo', title: 'Profile saved', message: `You appear as ${saved.firstName} ${saved.lastName}.` }),
        onError: (error) => {
          if (!form.applyServerFieldErrors(error)) setFormError(error);
        },
      },
    );
  };

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label="Your name">
      <Stack gap="md">
        {formError !== null && <ErrorAlert error={formError} title="Your profile was not saved" />}
        <RestrictionNote restriction={restriction} />
        <RestrictedFieldset restriction={restriction}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput {...form.field('firstName')} label="First name" required autoComplete="given-name" />
            <TextInput {...form.field('lastName')} label="Last name" required autoComplete="family-name" />
          </SimpleGrid>
        </RestrictedFieldset>
        <div>
          <Text size="sm" fw={500}>
            Email
          </Text>
          <Text size="sm">{user.email}</Text>
          <Text size="xs" c="dimmed">
            You sign in with this address, and security notices are sent to it.
          </Text>
        </div>
        <Group justify="flex-end">
          <Button type="submit" loading={updateProfile.isPending} disabled={!changed || restriction !== null}>
            Save name
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
