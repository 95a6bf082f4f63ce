import { fullName, type AuthResponse, type CurrentUser, type ImpersonationEndReason } from '@vantage/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  api,
  isApiClientError,
  isSessionEnded,
  NETWORK_ERROR_CODE,
  refreshSession,
  returnFromEndedImpersonation,
  setAccessToken,
  subscribeToSessionEvents,
  type ApiClientError,
  type SessionEndReason,
} from './api-client';

/** Why the person is looking at the sign-in page; the page explains it in words. */
export type SignedOutReason = SessionEndReason | 'signed-out';

export type SessionStatus = 'restoring' | 'unavailable' | 'signed-out' | 'signed-in';

/**
 * The admin is back in their own account because their support session was ended by someone or something
 * else: where they were and why it ended, for the notice the app shows them.
 */
export interface SupportSessionEnded {
  endReason: ImpersonationEndReason;
  /** The team and the person of the session, when this tab knew them (not after a reload). */
  teamName: string | null;
  userName: string | null;
}

type SessionState =
  | { status: 'restoring' }
  | { status: 'unavailable'; error: ApiClientError }
  | { status: 'signed-out'; reason: SignedOutReason | null }
  | { status: 'signed-in'; user: CurrentUser };

export interface CurrentUserContextValue {
  status: SessionStatus;
  /** The signed-in user (from `/auth/me` or an auth response); null unless `status` is `signed-in`. */
  user: CurrentUser | null;
  signedOutReason: SignedOutReason | null;
  /** Set when the admin was just brought back from a support session someone else ended; cleared by `dismissSupportSessionEnded`. */
  supportSessionEnded: SupportSessionEnded | null;
  dismissSupportSessionEnded: () => void;
  /** Why the session could not be restored on load (the API was unreachable). */
  restoreError: ApiClientError | null;
  /** Adopts the tokens and user of a login, registration, 2FA step or team switch. */
  startSession: (auth: AuthResponse) => void;
  /** Replaces the user after a call that returns the updated user (profile edits). */
  replaceUser: (user: CurrentUser) => void;
  /** Re-reads `/auth/me`. */
  reloadUser: () => Promise<void>;
  /** Revokes the refresh session on the server, then forgets everything locally. */
  signOut: () => Promise<void>;
  /**
   * Ends the session because the SPA itself knows it is over (an impersonation whose 30 minutes
   * ran out): back to sign-in at once, where the page says why; the server is told in the background.
   */
  endSession: (reason: SessionEndReason) => void;
  retryRestore: () => void;
}

const CurrentUserContext = createContext<CurrentUserContextValue | null>(null);

export function getCurrentUser(): Promise<CurrentUser> {
  return api.get<CurrentUser>('/auth/me');
}

export function logout(): Promise<void> {
  return api.post<void>('/auth/logout');
}

/** Re-read the user when the tab comes back, but not more often than this. */
const RELOAD_ON_FOCUS_INTERVAL_MS = 30_000;

/** Data in the query cache belongs to one user in one team (and one impersonation). */
function sessionIdentity(user: CurrentUser | null): string {
  if (!user) return '';
  return [user.id, user.currentTeam?.id ?? '', user.impersonatedBy?.id ?? ''].join('|');
}

export function CurrentUserProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SessionState>({ status: 'restoring' });
  const [restoreAttempt, setRestoreAttempt] = useState(0);
  const lastReloadAt = useRef(0);
  const currentIdentity = useRef('');
  const [supportSessionEnded, setSupportSessionEnded] = useState<SupportSessionEnded | null>(null);
  // The impersonated person and team, read when the session ends (the state then already holds the admin).
  const signedInUser = useRef<CurrentUser | null>(null);
  signedInUser.current = state.status === 'signed-in' ? state.user : null;

  const adoptUser = useCallback(
    (user: CurrentUser) => {
      const identity = sessionIdentity(user);
      if (currentIdentity.current && identity !== currentIdentity.current) {
        // Another team or person: nothing cached for the previous one may be shown.
        void queryClient.resetQueries();
      }
      currentIdentity.current = identity;
      lastReloadAt.current = Date.now();
      setState({ status: 'signed-in', user });
    },
    [queryClient],
  );

  const forget = useCallback(
    (reason: SignedOutReason | null) => {
      setAccessToken(null);
      currentIdentity.current = '';
      queryClient.clear();
      setSupportSessionEnded(null);
      setState({ status: 'signed-out', reason });
    },
    [queryClient],
  );

  // Restore the session from the httpOnly refresh cookie once per page load (and on "Try again").
  useEffect(() => {
    let cancelled = false;
    refreshSession().then(
      async (outcome) => {
        if (cancelled) return;
        if (!isSessionEnded(outcome)) adoptUser(outcome.user);
        // Someone ended the support session while this page was closed: the admin's own session comes back
        // (adopted by the session event); else sign-in says why.
        else if (outcome.ended === 'impersonation-ended' && (await returnFromEndedImpersonation())) return;
        // A page opened without a session says nothing — unless it was an impersonation that ended
        // (elsewhere, or by running out) while this page was closed.
        else setState({ status: 'signed-out', reason: outcome.ended === 'session-expired' ? null : outcome.ended });
      },
      (error: unknown) => {
        if (cancelled) return;
        if (isApiClientError(error)) setState({ status: 'unavailable', error });
        else setState({ status: 'signed-out', reason: null });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [adoptUser, restoreAttempt]);

  useEffect(
    () =>
      subscribeToSessionEvents((event) => {
        if (event.type === 'ended') {
          forget(event.reason);
          return;
        }
        if (event.type === 'team-requires-two-factor') {
          // The team switched the requirement on after /auth/me was read: the guard now sends the person to set up 2FA.
          setState((current) =>
            current.status === 'signed-in' && current.user.currentTeam?.id === event.team.teamId
              ? { ...current, user: { ...current.user, twoFactorRequiredBy: event.team } }
              : current,
          );
          return;
        }
        if (event.type === 'returned') {
          const impersonated = signedInUser.current?.impersonatedBy ? signedInUser.current : null;
          setSupportSessionEnded({
            endReason: event.auth.endReason,
            teamName: impersonated?.currentTeam?.name ?? null,
            userName: impersonated ? fullName(impersonated) || impersonated.email : null,
          });
          adoptUser(event.auth.user);
          return;
        }
        // Only while signed in (the restore on load adopts its own answer). A refresh may bring another
        // identity (an impersonation ended in another tab): adoptUser then drops what was cached for the old one.
        if (currentIdentity.current) adoptUser(event.auth.user);
      }),
    [forget, adoptUser],
  );

  const startSession = useCallback(
    (auth: AuthResponse) => {
      setAccessToken(auth.accessToken);
      setSupportSessionEnded(null);
      adoptUser(auth.user);
    },
    [adoptUser],
  );

  const reloadUser = useCallback(async () => {
    const user = await getCurrentUser();
    adoptUser(user);
  }, [adoptUser]);

  const signOut = useCallback(async () => {
    try {
      await logout();
    } catch (error) {
      // If the API was not reached the refresh cookie is still valid: signing out "locally" would
      // leave a session anyone at this browser could restore, so say so instead.
      if (isApiClientError(error) && error.code === NETWORK_ERROR_CODE) throw error;
    }
    forget('signed-out');
  }, [forget]);

  const endSession = useCallback(
    (reason: SessionEndReason) => {
      forget(reason);
      // Clears the refresh cookie; the server has usually ended the session already.
      logout().catch(() => undefined);
    },
    [forget],
  );

  const isSignedIn = state.status === 'signed-in';

  // Role, team or an impersonation can change elsewhere (another tab, a super admin): re-read the
  // user when the person comes back to this tab. An ended impersonation then answers 401 and the
  // api client ends the session.
  useEffect(() => {
    if (!isSignedIn) return;
    const onVisibilityChange = () => {
      if (document.visibilityState !== 'visible') return;
      if (Date.now() - lastReloadAt.current < RELOAD_ON_FOCUS_INTERVAL_MS) return;
      lastReloadAt.current = Date.now();
      // Failures need no handling here: a dead session is ended by the api client itself.
      reloadUser().catch(() => undefined);
    };
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => document.removeEventListener('visibilitychange', onVisibilityChange);
  }, [isSignedIn, reloadUser]);

  const value = useMemo<CurrentUserContextValue>(
    () => ({
      status: state.status,
      user: state.status === 'signed-in' ? state.user : null,
      signedOutReason: state.status === 'signed-out' ? state.reason : null,
      supportSessionEnded,
      dismissSupportSessionEnded: () => setSupportSessionEnded(null),
      restoreError: state.status === 'unavailable' ? state.error : null,
      startSession,
      replaceUser: adoptUser,
      reloadUser,
      signOut,
      endSession,
      retryRestore: () => {
        setState({ status: 'restoring' });
        setRestoreAttempt((attempt) => attempt + 1);
      },
    }),
    [state, supportSessionEnded, startSession, adoptUser, reloadUser, signOut, endSession],
  );

  return <CurrentUserContext.Provider value={value}>{children}</CurrentUserContext.Provider>;
}

export function useCurrentUser(): CurrentUserContextValue {
  const context = useContext(CurrentUserContext);
  if (!context) throw new Error('useCurrentUser must be used inside <CurrentUserProvider>');
  return context;
}

/** For components that only render behind the signed-in guard. */
export function useSignedInUser(): CurrentUser {
  const { user } = useCurrentUser();
  if (!user) throw new Error('useSignedInUser used outside a signed-in route');
  return user;
}
