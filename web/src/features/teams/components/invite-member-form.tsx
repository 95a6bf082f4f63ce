import { Button, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { EMAIL_MAX_LENGTH, ErrorCode, INVITATION_DAYS, type TeamRole, type TeamSummary } from '@vantage/contracts';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/error-alert';
import { teamRoleLabel } from '@/components/role-badge';
import { RestrictedFieldset, RestrictionNote } from '@/components/restriction';
import { isApiClientError } from '@/lib/api-client';
import { useRestriction } from '@/lib/restrictions';
import { useForm } from '@/lib/use-form';
import { collectErrors, emailError } from '@/lib/validation';
import { useInviteMember } from '../api/invite-member';
import { useOwnerRefusal } from '../hooks/use-owner-refusal';

// Short labels: a closed select shows only the chosen one, and a long one was cut mid-word. What each
// role may do is the field's description.
const ROLE_OPTIONS = (['member', 'owner'] as const).map((role) => ({ value: role, label: teamRoleLabel(role) }));
const ROLE_HELP = 'Members work with the team’s businesses and leads; owners also manage the team and its members.';

/** Owners invite by email; the person gets a link that works for INVITATION_DAYS days. */
export function InviteMemberForm({ team }: { team: TeamSummary }) {
  const restriction = useRestriction('manage_team');
  const invite = useInviteMember(team.id);
  const noteOwnerRefusal = useOwnerRefusal();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { email: '', role: 'member' },
    validate: (values) =>
      collectErrors({
        email: !values.email.trim()
          ? 'Enter the email address to send the invitation to.'
          : (emailError(values.email) ?? (values.email.trim().length > EMAIL_MAX_LENGTH ? 'This email address is too long.' : undefined)),
      }),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.validateAll()) return;
    const email = form.values.email.trim();
    const role = form.values.role as TeamRole;
    invite.mutate(
      { email, role },
      {
        onSuccess: (invitation) => {
          form.reset();
          notifications.show({
            color: 'indigo',
            title: 'Invitation sent',
            message: `We emailed ${invitation.email} a link to join ${team.name} as ${invitation.role === 'owner' ? 'an owner' : 'a member'}. It works for ${INVITATION_DAYS} days.`,
          });
        },
        onError: (error) => {
          noteOwnerRefusal(error);
          if (isApiClientError(error) && error.code === ErrorCode.ALREADY_MEMBER) {
            form.setFieldError('email', error.sentence);
          } else if (!form.applyServerFieldErrors(error)) {
            setFormError(error);
          }
        },
      },
    );
  };

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label="Invite someone">
      <Stack gap="sm">
        <RestrictionNote restriction={restriction} />
        {formError !== null && <ErrorAlert error={formError} title="The invitation was not sent" />}
        <RestrictedFieldset restriction={restriction}>
          <Stack gap="sm">
            <Group align="flex-start" gap="sm" wrap="wrap">
              <TextInput
                {...form.field('email')}
                label="Email"
                type="email"
                autoComplete="off"
                required
                style={{ flex: '2 1 240px' }}
                miw={0}
              />
              <NativeSelect
                {...form.field('role')}
                label="Role"
                description={ROLE_HELP}
                // Below the select, so the Email and Role boxes stay side by side on one line.
                inputWrapperOrder={['label', 'input', 'description', 'error']}
                data={ROLE_OPTIONS}
                style={{ flex: '1 1 200px' }}
                miw={0}
              />
            </Group>
            <Group justify="flex-end">
              <Button type="submit" loading={invite.isPending} disabled={restriction !== null}>
                Send invitation
              </Button>
            </Group>
          </Stack>
        </RestrictedFieldset>
      </Stack>
    </form>
  );
}
