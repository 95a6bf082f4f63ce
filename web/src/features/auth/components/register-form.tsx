import { Anchor, Button, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { ErrorCode } from '@vantage/contracts';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { paths } from '@/config/paths';
import { isApiClientError } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/current-user';
import { useForm } from '@/lib/use-form';
import { collectErrors, emailError, nameError, NEW_PASSWORD_HELP, newPasswordError, personNameError } from '@/lib/validation';
import { useRegister } from '../api/register';

/** Creates an account and its first team, then signs the person in. */
export function RegisterForm() {
  const { startSession } = useCurrentUser();
  const registerMutation = useRegister();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { firstName: '', lastName: '', email: '', password: '', teamName: '' },
    validate: (values) =>
      collectErrors({
        firstName: personNameError(values.firstName, 'your first name', 'firstName'),
        lastName: personNameError(values.lastName, 'your last name', 'lastName'),
        email: emailError(values.email),
        password: newPasswordError(values.password),
        teamName: nameError(values.teamName, 'a name for your team'),
      }),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.validateAll()) return;
    const { firstName, lastName, email, password, teamName } = form.values;
    registerMutation.mutate(
      {
        firstName: firstName.trim(),
        lastName: lastName.trim(),
        email: email.trim(),
        password,
        teamName: teamName.trim(),
      },
      {
        onSuccess: startSession,
        onError: (error) => {
          // The address is the problem, so say it where the address is typed.
          if (isApiClientError(error) && error.code === ErrorCode.EMAIL_TAKEN) {
            form.setFieldError('email', error.sentence);
            return;
          }
          if (!form.applyServerFieldErrors(error)) setFormError(error);
        },
      },
    );
  };

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          Create your Vantage account
        </Title>
        <Text c="dimmed" mt={4}>
          Your account comes with a team of its own, where you track businesses and leads.
        </Text>
      </div>

      {formError !== null && <ErrorAlert error={formError} title="Could not create the account" />}

      <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label="Create account">
        <Stack gap="md">
          <Group grow align="flex-start" gap="md">
            <TextInput {...form.field('firstName')} label="First name" autoComplete="given-name" required />
            <TextInput {...form.field('lastName')} label="Last name" autoComplete="family-name" required />
          </Group>
          <TextInput {...form.field('email')} label="Work email" type="email" autoComplete="email" required />
          <PasswordInput
            {...form.field('password')}
            label="Password"
            description={NEW_PASSWORD_HELP}
            autoComplete="new-password"
            required
          />
          <TextInput
            {...form.field('teamName')}
            label="Team name"
            description="Your first team. You can create more teams later."
            autoComplete="organization"
            required
          />
          <Button type="submit" loading={registerMutation.isPending} fullWidth mt="xs">
            Create account
          </Button>
        </Stack>
      </form>

      <Text size="sm" ta="center">
        Already have an account?{' '}
        <Anchor component={Link} to={paths.signIn} fw={600}>
          Sign in
        </Anchor>
      </Text>
    </Stack>
  );
}
