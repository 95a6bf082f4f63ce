import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode } from '@vantage/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { personActing, type AuthContext } from '../auth/auth-context';
import { PasswordAttempts } from '../auth/password-attempts.service';
import { PasswordService } from '../auth/password.service';
import { SessionIssuer, type IssuedSession } from '../auth/session-issuer';
import { isLive, type SessionClient, SessionService } from '../auth/session.service';
import { AppException } from '../common/app-exception';
import { ImpersonationEndings } from '../impersonation/impersonation-endings';
import { TeamsService } from '../teams/teams.service';
import { TwoFactorService } from '../two-factor/two-factor.service';
import { UsersRepository } from '../users/users.repository';
import type { LoginDto, RegisterDto } from './sign-in.dto';

/**
 * Signing up, in and out: the flow that combines the auth core (sessions, tokens, passwords) with
 * two-factor (the login challenge), users and teams. The second step is LoginChallengeService.
 */
@Injectable()
export class SignInService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly passwords: PasswordService,
    private readonly passwordAttempts: PasswordAttempts,
    private readonly sessions: SessionService,
    private readonly issuer: SessionIssuer,
    private readonly users: UsersRepository,
    private readonly teams: TeamsService,
    private readonly twoFactor: TwoFactorService,
    private readonly audit: AuditService,
    private readonly impersonationEndings: ImpersonationEndings,
  ) {}

  /** A new account and its first team (the user owns it), signed in at once. */
  async register(dto: RegisterDto, client: SessionClient): Promise<IssuedSession> {
    const ip = client.ip;
    const passwordHash = await this.passwords.hash(dto.password);
    try {
      const { sessionId, refreshToken, userId } = await this.db.transaction(async (manager) => {
        if (await this.users.emailTaken(dto.email, manager)) throw new AppException(ErrorCode.EMAIL_TAKEN, 409);
        const user = await this.users.create({ email: dto.email, passwordHash, firstName: dto.firstName, lastName: dto.lastName }, manager);
        const team = await this.teams.createOwned(manager, user.id, dto.teamName);
        await this.users.setCurrentTeam(user.id, team.id, manager);
        const { session, refreshToken } = await this.sessions.create(
          { userId: user.id, kind: 'full', teamId: team.id, twoFactorAuthenticated: false, client },
          manager,
        );
        await this.audit.record(
          {
            action: 'auth.registered',
            teamId: team.id,
            actor: personActing(user),
            entityType: 'user',
            entityId: user.id,
            details: { teamName: team.name },
            ipAddress: ip,
          },
          manager,
        );
        return { sessionId: session.id, refreshToken: refreshToken!, userId: user.id };
      });
      return this.issuer.issue(sessionId, userId, refreshToken);
    } catch (error) {
      // Two registrations racing for one email: the unique index decides.
      if ((error as { code?: string; driverError?: { code?: string } }).driverError?.code === '23505') {
        throw new AppException(ErrorCode.EMAIL_TAKEN, 409);
      }
      throw error;
    }
  }

  /** The password step. With 2FA on, the session only reaches the second step (email method: a code is sent). */
  async login(dto: LoginDto, client: SessionClient): Promise<IssuedSession> {
    const ip = client.ip;
    const user = await this.users.findByEmail(dto.email);
    const check = await this.passwordAttempts.check(dto.email, dto.password, user?.passwordHash);
    const refused = {
      teamId: user?.currentTeamId ?? null,
      actor: null,
      actorName: dto.email,
      entityType: user ? 'user' : null,
      entityId: user?.id ?? null,
      ipAddress: ip,
    };
    if (check.outcome === 'locked') {
      await this.audit.record({ action: 'auth.login_locked', ...refused });
      throw check.error;
    }
    if (!user || check.outcome === 'wrong') {
      await this.audit.record({ action: 'auth.login_failed', ...refused });
      throw AppException.unauthorized(ErrorCode.INVALID_CREDENTIALS);
    }

    const teamId = user.currentTeamId ?? (await this.teams.listMine(user.id))[0]?.id ?? null;

    if (user.isTwoFactorEnabled) {
      const { session } = await this.sessions.create({
        userId: user.id,
        kind: 'pending_two_factor',
        teamId,
        twoFactorAuthenticated: false,
        client,
      });
      const twoFactorLockedUntil = await this.twoFactor.startLoginChallenge(user);
      await this.audit.record({
        action: 'auth.password_accepted',
        teamId,
        actor: personActing(user),
        entityType: 'user',
        entityId: user.id,
        ipAddress: ip,
      });
      const issued = await this.issuer.issue(session.id, user.id, null);
      return {
        ...issued,
        response: { ...issued.response, twoFactorRequired: true, twoFactorLockedUntil: twoFactorLockedUntil?.toISOString() ?? null },
      };
    }

    const { session, refreshToken } = await this.sessions.create({
      userId: user.id,
      kind: 'full',
      teamId,
      twoFactorAuthenticated: false,
      client,
    });
    await this.audit.record({
      action: 'auth.login',
      teamId,
      actor: personActing(user),
      entityType: 'user',
      entityId: user.id,
      ipAddress: ip,
    });
    const issued = await this.issuer.issue(session.id, user.id, refreshToken);
    return { ...issued, response: { ...issued.response, twoFactorRequired: false } };
  }

  /** A new access token from the refresh cookie; the session's rules (2FA, impersonation) still apply. */
  async refresh(refreshToken: string | undefined): Promise<IssuedSession> {
    const session = await this.sessions.findByRefreshToken(refreshToken);
    if (session?.kind === 'impersonation' && !isLive(session)) throw AppException.unauthorized(ErrorCode.IMPERSONATION_ENDED);
    if (!session || !isLive(session)) throw AppException.unauthorized(ErrorCode.SESSION_EXPIRED);
    return this.issuer.issue(session.id, session.userId, null);
  }

  /** Ends one of my own sign-ins (audited); false when I have no such live sign-in. */
  async endSignIn(auth: AuthContext, sessionId: string): Promise<boolean> {
    if (!(await this.sessions.revokeSignIn(auth.user.id, sessionId))) return false;
    await this.audit.record({ action: 'auth.session_ended', teamId: auth.teamId, actor: auth, entityType: 'session', entityId: sessionId });
    return true;
  }

  /** Revokes the session of the cookie and/or the bearer token; signing out of an impersonation ends it. */
  async logout(refreshToken: string | undefined, bearerSessionId: string | null): Promise<void> {
    const cookieSession = await this.sessions.findByRefreshToken(refreshToken);
    const sessionIds = new Set([cookieSession?.id, bearerSessionId].filter((id): id is string => Boolean(id)));
    for (const sessionId of sessionIds) {
      const revoked = await this.sessions.revoke(sessionId);
      if (revoked?.impersonationId) await this.impersonationEndings.end({ id: revoked.impersonationId }, 'cancelled');
    }
  }
}
