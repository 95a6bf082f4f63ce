import { Alert, Anchor, Button, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ErrorCode, messageForErrorCode, type InvitationPreview, type TeamRole } from '@vantage/contracts';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { AlertIcon } from '@/components/icons';
import { LoadError } from '@/components/list-states';
import { PageLoader } from '@/components/page-loader';
import { paths } from '@/config/paths';
import { isApiClientError } from '@/lib/api-client';
import { useCurrentUser, useSignedInUser } from '@/lib/current-user';
import { formatDateTime, formatRelativeTime } from '@/lib/format-date';
import { isRefusedDuringImpersonation, useRestriction } from '@/lib/restrictions';
import { useForm } from '@/lib/use-form';
import { collectErrors, NEW_PASSWORD_HELP, newPasswordError, personNameError } from '@/lib/validation';
import { useAcceptInvitation } from '../api/accept-invitation';
import { useInvitation } from '../api/get-invitation';

const withArticle = (role: TeamRole) => (role === 'owner' ? 'an owner' : 'a member');

/** What the sign-in page is told when it is opened to accept an invitation (see the sign-in route). */
export interface SignInToAcceptState {
  from: string;
  email: string;
}

type AcceptMutation = ReturnType<typeof useAcceptInvitation>;

/**
 * `/invitations/:token`, the emailed link: what the invitation is for, then — depending on who opens
 * it — Accept (signed in as the invited address), why not (signed in as someone else), Sign in to
 * accept (the address has an account), or a short form that creates the account. Public.
 */
export function InvitationLanding({ token }: { token: string }) {
  const { status } = useCurrentUser();
  const invitationQuery = useInvitation(token);
  const accept = useAcceptInvitation(token);
  // Used, withdrawn or expired since the page opened: accepting says so, and the page shows it.
  const gone = isApiClientError(accept.error) && accept.error.code === ErrorCode.INVITATION_NOT_FOUND;

  if (invitationQuery.isPending) return <PageLoader label="Opening the invitation…" />;

  const notFound = gone || (invitationQuery.isError && isApiClientError(invitationQuery.error) && invitationQuery.error.status === 404);
  if (notFound) return <InvitationGone signedIn={status === 'signed-in'} />;
  if (invitationQuery.isError) {
    return <LoadError error={invitationQuery.error} title="Could not open the invitation" onRetry={() => void invitationQuery.refetch()} />;
  }

  const invitation = invitationQuery.data;
  // Accepted: the session is now in the new team, and the app is on its way there.
  if (accept.isSuccess) return <PageLoader label={`Opening ${invitation.teamName}…`} />;

  return (
    <Stack gap="lg">
      <div>
        <Text size="sm" fw={700} c="indigo.8" tt="uppercase" style={{ letterSpacing: '0.06em' }}>
          Invitation
        </Text>
        <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
          Join {invitation.teamName} on Vantage
        </Title>
        <Text mt="xs" style={{ overflowWrap: 'anywhere' }}>
          {invitation.invitedBy.name} invited <strong>{invitation.email}</strong> to join {invitation.teamName} as{' '}
          {withArticle(invitation.role)}.
        </Text>
        <Text size="sm" c="dimmed" mt={4}>
          The invitation expires {formatRelativeTime(invitation.expiresAt)}, on{' '}
          <time dateTime={invitation.expiresAt}>{formatDateTime(invitation.expiresAt)}</time>.
        </Text>
      </div>

      {status === 'signed-in' ? (
        <AcceptAsSignedIn invitation={invitation} accept={accept} />
      ) : invitation.accountExists ? (
        <SignInToAccept invitation={invitation} />
      ) : (
        <CreateAccountAndAccept invitation={invitation} accept={accept} />
      )}
    </Stack>
  );
}

function InvitationGone({ signedIn }: { signedIn: boolean }) {
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        This invitation cannot be used
      </Title>
      <Alert color="gray" icon={<AlertIcon />} role="status">
        {messageForErrorCode(ErrorCode.INVITATION_NOT_FOUND)}
      </Alert>
      <div>
        <Button component={Link} to={signedIn ? paths.home : paths.signIn} variant="default">
          {signedIn ? 'Go to your workspace' : 'Go to sign in'}
        </Button>
      </div>
    </Stack>
  );
}

interface AcceptProps {
  invitation: InvitationPreview;
  accept: AcceptMutation;
}

function useAfterJoining(invitation: InvitationPreview) {
  const navigate = useNavigate();
  return () => {
    notifications.show({
      color: 'indigo',
      title: `Welcome to ${invitation.teamName}`,
      message: `You joined as ${withArticle(invitation.role)}. You are now working in ${invitation.teamName}.`,
    });
    void navigate(paths.home, { replace: true });
  };
}

function AcceptAsSignedIn({ invitation, accept }: AcceptProps) {
  const user = useSignedInUser();
  const { signOut } = useCurrentUser();
  const restriction = useRestriction('accept_invitation');
  const afterJoining = useAfterJoining(invitation);
  const [signOutError, setSignOutError] = useState<unknown>(null);
  const [signingOut, setSigningOut] = useState(false);
  // Only to choose what to show first; the API decides (INVITATION_EMAIL_MISMATCH) either way.
  const refusedAsOtherEmail = isApiClientError(accept.error) && accept.error.code === ErrorCode.INVITATION_EMAIL_MISMATCH;
  const otherEmail = refusedAsOtherEmail || user.email.trim().toLowerCase() !== invitation.email.trim().toLowerCase();

  if (restriction) {
    return (
      <Stack gap="md" align="flex-start">
        <Alert color="gray" title="You cannot accept this invitation now" role="status" w="100%">
          {restriction.message}
          {isRefusedDuringImpersonation(restriction) && ' Only the invited person can accept it, from their own account.'}
        </Alert>
        <Button disabled>Accept and join</Button>
      </Stack>
    );
  }

  const handleSignOut = async () => {
    setSignOutError(null);
    setSigningOut(true);
    try {
      await signOut();
    } catch (error) {
      setSignOutError(error);
      setSigningOut(false);
    }
  };

  if (otherEmail) {
    return (
      <Stack gap="md">
        <Alert color="indigo" title="You are signed in with another account" icon={<AlertIcon />}>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            You are signed in as <strong>{user.email}</strong>. {messageForErrorCode(ErrorCode.INVITATION_EMAIL_MISMATCH)}
          </Text>
        </Alert>
        {signOutError !== null && <ErrorAlert error={signOutError} title="You are still signed in" />}
        <Group gap="sm">
          <Button onClick={() => void handleSignOut()} loading={signingOut}>
            Sign out
          </Button>
          <Button component={Link} to={paths.home} variant="default">
            Stay signed in
          </Button>
        </Group>
      </Stack>
    );
  }

  const handleAccept = () => accept.mutate({}, { onSuccess: afterJoining });

  return (
    <Stack gap="md">
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        You are signed in as <strong>{user.email}</strong>. Accepting makes {invitation.teamName} your current team.
      </Text>
      {accept.isError && <ErrorAlert error={accept.error} title="You have not joined the team" />}
      <div>
        <Button onClick={handleAccept} loading={accept.isPending}>
          Accept and join
        </Button>
      </div>
    </Stack>
  );
}

function SignInToAccept({ invitation }: { invitation: InvitationPreview }) {
  const { pathname } = useLocation();
  return (
    <Stack gap="md">
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {invitation.email} already has a Vantage account. Sign in with it, and you come back here to accept.
      </Text>
      <div>
        <Button component={Link} to={paths.signIn} state={{ from: pathname, email: invitation.email } satisfies SignInToAcceptState}>
          Sign in to accept
        </Button>
      </div>
    </Stack>
  );
}

interface AccountValues extends Record<string, string> {
  firstName: string;
  lastName: string;
  password: string;
}

function CreateAccountAndAccept({ invitation, accept }: AcceptProps) {
  const { pathname } = useLocation();
  const afterJoining = useAfterJoining(invitation);
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm<AccountValues>({
    initialValues: { firstName: '', lastName: '', password: '' },
    validate: (values) =>
      collectErrors({
        firstName: personNameError(values.firstName, 'your first name', 'firstName'),
        lastName: personNameError(values.lastName, 'your last name', 'lastName'),
        password: newPasswordError(values.password),
      }),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.validateAll()) return;
    accept.mutate(
      { firstName: form.values.firstName.trim(), lastName: form.values.lastName.trim(), password: form.values.password },
      {
        onSuccess: afterJoining,
        onError: (error) => {
          if (!form.applyServerFieldErrors(error)) setFormError(error);
        },
      },
    );
  };

  const mustSignIn = isApiClientError(formError) && formError.code === ErrorCode.SIGN_IN_TO_ACCEPT;

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label="Create your account">
      <Stack gap="md">
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          Create your account to accept. You sign in with {invitation.email} from now on.
        </Text>
        {formError !== null && (
          <ErrorAlert error={formError} title={mustSignIn ? 'Sign in instead' : 'Your account was not created'}>
            {mustSignIn && (
              <Anchor
                component={Link}
                to={paths.signIn}
                state={{ from: pathname, email: invitation.email } satisfies SignInToAcceptState}
                display="block"
                mt="xs"
                fw={600}
              >
                Sign in to accept
              </Anchor>
            )}
          </ErrorAlert>
        )}
        <TextInput label="Email" value={invitation.email} readOnly autoComplete="username" description="The invited address." />
        <Group grow align="flex-start" gap="md">
          <TextInput {...form.field('firstName')} label="First name" autoComplete="given-name" required miw={0} />
          <TextInput {...form.field('lastName')} label="Last name" autoComplete="family-name" required miw={0} />
        </Group>
        <PasswordInput {...form.field('password')} label="Password" description={NEW_PASSWORD_HELP} autoComplete="new-password" required />
        <Button type="submit" loading={accept.isPending} fullWidth mt="xs">
          Create account and join
        </Button>
      </Stack>
    </form>
  );
}
