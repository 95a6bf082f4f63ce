import { Injectable } from '@nestjs/common';
import { type AuthResponse, ErrorCode } from '@vantage/contracts';
import { AppException } from '../common/app-exception';
import { AuthContextLoader, type SessionRow } from './auth-context.loader';
import { describeCurrentUser } from './current-user.view';
import { type RunningSupportRow, SupportSessionReader } from './support-session.reader';
import { TokenService } from './token.service';

/** An auth response and, for sessions that have one, the refresh credential to put in the cookie. */
export interface IssuedSession {
  response: AuthResponse;
  refresh: { token: string; expiresAt: Date } | null;
}

/**
 * What a statement that created the session selected with it (sessionRowSelect, runningSupportJson):
 * the row the session check would read and the user's running support session, so issuing reads nothing again.
 */
export interface SelectedSession {
  row: SessionRow;
  supportSession: RunningSupportRow | null;
}

/** Turns a session into `{accessToken, user}`: the one way every flow (sign-in, team switch, impersonation) hands out tokens. */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly loader: AuthContextLoader,
    private readonly tokens: TokenService,
    private readonly supportSessions: SupportSessionReader,
  ) {}

  /**
   * Re-reads the session the way every request does, so a token is never issued for a session that
   * the guard would refuse. (An impersonation found over here is closed by the next request's guard
   * or by the expiry sweep; the session check refuses it either way.) With `selected`, the row the
   * creating statement selected is checked the same way instead of being read again.
   */
  async issue(sessionId: string, userId: string, refreshToken: string | null, selected?: SelectedSession): Promise<IssuedSession> {
    const loaded = await this.loader.load(sessionId, userId, selected?.row);
    if (loaded.status === 'impersonation_over') throw AppException.unauthorized(ErrorCode.IMPERSONATION_ENDED);
    if (loaded.status === 'gone') throw AppException.unauthorized(ErrorCode.SESSION_EXPIRED);
    const auth = loaded.context;
    if (auth.sessionKind === 'full' && auth.user.isTwoFactorEnabled && !auth.twoFactorAuthenticated) {
      // 2FA was turned on after this session began: it may not mint full tokens any more.
      throw AppException.unauthorized(ErrorCode.TWO_FACTOR_REQUIRED);
    }
    return {
      response: {
        accessToken: this.tokens.signAccessToken(auth),
        user: describeCurrentUser(
          auth,
          selected ? this.supportSessions.knownIn(auth, selected.supportSession) : await this.supportSessions.runningIn(auth),
        ),
      },
      refresh: refreshToken ? { token: refreshToken, expiresAt: auth.sessionExpiresAt } : null,
    };
  }
}
