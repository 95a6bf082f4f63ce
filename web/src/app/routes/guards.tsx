import { Suspense } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { PageLoader } from '@/components/page-loader';
import { paths } from '@/config/paths';
import { useCurrentUser, useSignedInUser } from '@/lib/current-user';
import { SessionUnavailable } from './session-unavailable';

interface FromState {
  from?: string;
}

/** Where the two-factor setup page sends the person back to once their team's requirement is met. */
export interface TeamTwoFactorState {
  teamTwoFactorFrom?: string;
}

/** Only internal paths: a crafted `state.from` must not send anyone off-site. */
function safeReturnPath(state: unknown): string {
  const from = (state as FromState | null)?.from;
  if (typeof from === 'string' && from.startsWith('/') && !from.startsWith('//')) return from;
  return paths.home;
}

/** Pages behind sign-in. Sends everyone else to the sign-in page, remembering where they were going. */
export function RequireSignedIn() {
  const { status, signedOutReason } = useCurrentUser();
  const location = useLocation();

  if (status === 'restoring') return <PageLoader fullScreen label="Restoring your session…" />;
  if (status === 'unavailable') return <SessionUnavailable />;
  if (status === 'signed-out') {
    // After a deliberate sign-out there is nothing to come back to; after an impersonation the page
    // belonged to the customer's team, which the admin signing in again cannot see.
    const from =
      signedOutReason === 'signed-out' || signedOutReason === 'impersonation-ended' ? undefined : `${location.pathname}${location.search}`;
    return <Navigate to={paths.signIn} replace state={{ from } satisfies FromState} />;
  }
  return (
    <Suspense fallback={<PageLoader fullScreen />}>
      <Outlet />
    </Suspense>
  );
}

/** Sign-in and registration: a signed-in person goes on to where they were heading. */
export function RedirectIfSignedIn() {
  const { status } = useCurrentUser();
  const location = useLocation();

  if (status === 'restoring') return <PageLoader fullScreen label="Restoring your session…" />;
  if (status === 'unavailable') return <SessionUnavailable />;
  if (status === 'signed-in') return <Navigate to={safeReturnPath(location.state)} replace />;
  return (
    <Suspense fallback={<PageLoader fullScreen />}>
      <Outlet />
    </Suspense>
  );
}

/**
 * The current team's pages (businesses, leads, audit log, team settings). When the team requires
 * two-factor authentication that this person has not set up (`twoFactorRequiredBy`, from /auth/me or
 * a 403 TEAM_REQUIRES_TWO_FACTOR met anywhere), they are taken straight to setting it up.
 */
export function RequireTeamTwoFactor() {
  const user = useSignedInUser();
  const location = useLocation();
  if (user.twoFactorRequiredBy) {
    const state: TeamTwoFactorState = { teamTwoFactorFrom: `${location.pathname}${location.search}` };
    return <Navigate to={paths.twoFactorSettings} replace state={state} />;
  }
  return <Outlet />;
}
