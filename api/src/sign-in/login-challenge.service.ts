import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@vantage/contracts';
import { AuditService } from '../audit/audit.service';
import type { AuthContext } from '../auth/auth-context';
import { SessionIssuer, type IssuedSession } from '../auth/session-issuer';
import { type SessionClient, SessionService } from '../auth/session.service';
import { AppException } from '../common/app-exception';
import { TwoFactorLockout } from '../two-factor/lockout.service';
import { CHALLENGE_MAX_ATTEMPTS } from '../two-factor/two-factor.policy';
import { type SecondFactorProof, TwoFactorService } from '../two-factor/two-factor.service';

/**
 * The second step of signing in. The login challenge is the `pending_two_factor` session made by
 * POST /auth/login: bound to its user, 10 minutes, single use, at most five codes.
 */
@Injectable()
export class LoginChallengeService {
  constructor(
    private readonly twoFactor: TwoFactorService,
    private readonly lockout: TwoFactorLockout,
    private readonly sessions: SessionService,
    private readonly issuer: SessionIssuer,
    private readonly audit: AuditService,
  ) {}

  /** A right code (or a passkey's assertion) turns the challenge into a full session that has passed 2FA. */
  async complete(challenge: AuthContext, proof: SecondFactorProof, client: SessionClient): Promise<IssuedSession> {
    const ipAddress = client.ip;
    if (challenge.sessionKind !== 'pending_two_factor') throw new AppException(ErrorCode.NOT_A_LOGIN_CHALLENGE, 409);
    const userId = challenge.user.id;
    // While the account is locked, tries do not use up the challenge.
    await this.lockout.assertNotLocked(userId);
    await this.takeChallengeAttempt(challenge.sessionId);

    const used = await this.twoFactor.verifyProof(userId, proof, 'login', { teamId: challenge.teamId, ipAddress });

    // Single use: of several parallel requests with right codes, one revokes the challenge and wins.
    if (!(await this.sessions.revoke(challenge.sessionId))) throw AppException.unauthorized(ErrorCode.SESSION_EXPIRED);
    const { session, refreshToken } = await this.sessions.create({
      userId,
      kind: 'full',
      teamId: challenge.teamId,
      twoFactorAuthenticated: true,
      client,
    });
    await this.audit.record({
      action: 'auth.login',
      teamId: challenge.teamId,
      actor: challenge,
      entityType: 'user',
      entityId: userId,
      details: { secondFactor: used },
      ipAddress,
    });
    return this.issuer.issue(session.id, userId, refreshToken);
  }

  /**
   * Counts a code against the challenge before it is checked; the sixth attempt finds the
   * challenge used up and ends it. This holds even when the account counter was reset meanwhile
   * (by a successful sign-in elsewhere).
   */
  private async takeChallengeAttempt(sessionId: string): Promise<void> {
    if (await this.sessions.takeChallengeAttempt(sessionId, CHALLENGE_MAX_ATTEMPTS)) return;
    await this.sessions.revoke(sessionId);
    throw AppException.unauthorized(ErrorCode.SESSION_EXPIRED, 'Too many codes were tried for this sign-in. Please sign in again.');
  }
}
