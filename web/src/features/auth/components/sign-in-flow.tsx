import { useState, type ReactNode } from 'react';
import { useCurrentUser } from '@/lib/current-user';
import { SignInForm } from './sign-in-form';
import { TwoFactorStep, type PendingTwoFactor } from './two-factor-step';

/**
 * Password step, then — for accounts with 2FA — the code step. The limited token between the two
 * stays in this component's state: it must not become the app's session until the code passes.
 */
export function SignInFlow({ emailCodeHelp, defaultEmail = '' }: { emailCodeHelp?: ReactNode; defaultEmail?: string } = {}) {
  const { signedOutReason, startSession } = useCurrentUser();
  const [pending, setPending] = useState<PendingTwoFactor | null>(null);
  const [lastEmail, setLastEmail] = useState(defaultEmail);
  const [codeStepExpired, setCodeStepExpired] = useState(false);

  if (pending) {
    return (
      <TwoFactorStep
        pending={pending}
        onSuccess={startSession}
        emailCodeHelp={emailCodeHelp}
        onCancel={(reason) => {
          setPending(null);
          setCodeStepExpired(reason === 'expired');
        }}
      />
    );
  }

  return (
    <SignInForm
      defaultEmail={lastEmail}
      signedOutReason={codeStepExpired ? 'session-expired' : signedOutReason}
      onSuccess={(response, email) => {
        setLastEmail(email);
        if (response.twoFactorRequired) {
          setCodeStepExpired(false);
          setPending({ token: response.accessToken, user: response.user, lockedUntil: response.twoFactorLockedUntil });
        } else {
          startSession(response);
        }
      }}
    />
  );
}
