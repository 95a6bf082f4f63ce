import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AuthResponse, ErrorCode } from '@vantage/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppException } from '../common/app-exception';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { TeamsService } from '../teams/teams.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { ImpersonationEvents } from '../impersonation/impersonation-events';
import { AuthContextLoader } from './auth-context.loader';
import { fullName, type AuthContext } from './auth-context';
import type { LoginDto, RegisterDto } from './auth.dto';
import { PasswordAttempts } from './password-attempts.service';
import { PasswordService } from './password.service';
import { isLive, SessionService } from './session.service';
import { TokenService } from './token.service';

/** An auth response and, for sessions that have one, the refresh credential to put in the cookie. */
export interface IssuedSession {
  response: AuthResponse;
  refresh: { token: string; expiresAt: Date } | null;
}

/** Called when a password is accepted for a user with 2FA on (the two-factor module sends the email code). */
export interface SecondFactorStarter {
  startLoginChallenge(user: User): Promise<void>;
}

/**
 * The two-factor module registers itself here at start-up: auth must start a login challenge,
 * and two-factor needs auth to issue sessions, so one side is wired at runtime, not by import.
 */
@Injectable()
export class SecondFactorRegistry {
  private starter: SecondFactorStarter | null = null;

  register(starter: SecondFactorStarter): void {
    this.starter = starter;
  }

  get(): SecondFactorStarter {
    if (!this.starter) throw new Error('The two-factor module is not registered');
    return this.starter;
  }
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly passwords: PasswordService,
    private readonly passwordAttempts: PasswordAttempts,
    private readonly sessions: SessionService,
    private readonly tokens: TokenService,
    private readonly loader: AuthContextLoader,
    private readonly users: UsersService,
    private readonly teams: TeamsService,
    private readonly audit: AuditService,
    private readonly impersonationEvents: ImpersonationEvents,
    private readonly secondFactor: SecondFactorRegistry,
  ) {}

  async register(dto: RegisterDto, ip: string | null): Promise<IssuedSession> {
    const passwordHash = await this.passwords.hash(dto.password);
    try {
      const { sessionId, refreshToken, userId } = await this.db.transaction(async (manager) => {
        const taken = await manager.query(`SELECT 1 FROM users WHERE lower(email) = $1`, [dto.email]);
        if (taken.length) throw new AppException(ErrorCode.EMAIL_TAKEN, 409);
        const user = await manager.getRepository(User).save(
          manager.getRepository(User).create({
            email: dto.email,
            passwordHash,
            firstName: dto.firstName,
            lastName: dto.lastName,
          }),
        );
        const team = await this.teams.createOwned(manager, user.id, dto.teamName);
        await manager.getRepository(User).update({ id: user.id }, { currentTeamId: team.id });
        const { session, refreshToken } = await this.sessions.create(
          { userId: user.id, kind: 'full', teamId: team.id, twoFactorAuthenticated: false },
          manager,
        );
        await this.audit.record(
          {
            action: 'auth.registered',
            teamId: team.id,
            actor: { id: user.id, name: fullName(user), isImpersonated: false, impersonationId: null },
            entityType: 'user',
            entityId: user.id,
            details: { teamName: team.name },
            ipAddress: ip,
          },
          manager,
        );
        return { sessionId: session.id, refreshToken: refreshToken!, userId: user.id };
      });
      return this.issue(sessionId, userId, refreshToken);
    } catch (error) {
      // Two registrations racing for one email: the unique index decides.
      if ((error as { code?: string; driverError?: { code?: string } }).driverError?.code === '23505') {
        throw new AppException(ErrorCode.EMAIL_TAKEN, 409);
      }
      throw error;
    }
  }

  async login(dto: LoginDto, ip: string | null): Promise<IssuedSession> {
    // Counted before anything is checked, for known and unknown emails alike (see PasswordAttempts).
    const lockedForMs = await this.passwordAttempts.reserve(dto.email);
    const user = await this.db.getRepository(User).createQueryBuilder('u').where('lower(u.email) = :email', { email: dto.email }).getOne();
    // The password is checked even for unknown emails and locked accounts: the same work, the same time.
    const passwordOk = await this.passwords.verify(dto.password, user?.passwordHash);
    if (lockedForMs > 0) {
      await this.audit.record({ action: 'auth.login_locked', teamId: user?.currentTeamId ?? null, actor: null, actorName: dto.email, entityType: user ? 'user' : null, entityId: user?.id ?? null, ipAddress: ip });
      throw this.passwordAttempts.lockedError(lockedForMs);
    }
    if (!user || !passwordOk) {
      await this.audit.record({
        action: 'auth.login_failed',
        teamId: user?.currentTeamId ?? null,
        actor: null,
        actorName: dto.email,
        entityType: user ? 'user' : null,
        entityId: user?.id ?? null,
        ipAddress: ip,
      });
      throw AppException.unauthorized(ErrorCode.INVALID_CREDENTIALS);
    }

    await this.passwordAttempts.succeeded(dto.email);
    const teamId = user.currentTeamId ?? (await this.teams.listMine(user.id))[0]?.id ?? null;

    if (user.isTwoFactorEnabled) {
      const { session } = await this.sessions.create({ userId: user.id, kind: 'pending_two_factor', teamId, twoFactorAuthenticated: false });
      if (user.twoFactorMethod === 'email') await this.secondFactor.get().startLoginChallenge(user);
      await this.audit.record({ action: 'auth.password_accepted', teamId, actor: personOf(user), entityType: 'user', entityId: user.id, ipAddress: ip });
      const issued = await this.issue(session.id, user.id, null);
      return { ...issued, response: { ...issued.response, twoFactorRequired: true } };
    }

    const { session, refreshToken } = await this.sessions.create({ userId: user.id, kind: 'full', teamId, twoFactorAuthenticated: false });
    await this.audit.record({ action: 'auth.login', teamId, actor: personOf(user), entityType: 'user', entityId: user.id, ipAddress: ip });
    const issued = await this.issue(session.id, user.id, refreshToken);
    return { ...issued, response: { ...issued.response, twoFactorRequired: false } };
  }

  /** A new access token from the refresh cookie; the session's rules (2FA, impersonation) still apply. */
  async refresh(refreshToken: string | undefined): Promise<IssuedSession> {
    const session = await this.sessions.findByRefreshToken(refreshToken);
    if (session?.kind === 'impersonation' && !isLive(session)) throw AppException.unauthorized(ErrorCode.IMPERSONATION_ENDED);
    if (!session || !isLive(session)) throw AppException.unauthorized(ErrorCode.SESSION_EXPIRED);
    return this.issue(session.id, session.userId, null);
  }

  /** Revokes the session of the cookie and/or the bearer token; signing out of an impersonation ends it. */
  async logout(refreshToken: string | undefined, bearerSessionId: string | null): Promise<void> {
    const cookieSession = await this.sessions.findByRefreshToken(refreshToken);
    const sessionIds = new Set([cookieSession?.id, bearerSessionId].filter((id): id is string => Boolean(id)));
    for (const sessionId of sessionIds) {
      const impersonationId = await this.sessions.revokeReturningImpersonation(sessionId);
      if (impersonationId) await this.impersonationEvents.endBySignOut(impersonationId);
    }
  }

  async switchTeam(auth: AuthContext, teamId: string): Promise<IssuedSession> {
    await this.teams.requireMembership(auth.user.id, teamId);
    await this.db.transaction(async (manager) => {
      await this.sessions.setTeam(auth.sessionId, teamId);
      await manager.query(`UPDATE users SET current_team_id = $2 WHERE id = $1`, [auth.user.id, teamId]);
      await this.audit.record(
        { action: 'team.switched', teamId, actor: auth, entityType: 'team', entityId: teamId, details: { fromTeamId: auth.teamId } },
        manager,
      );
    });
    return this.issue(auth.sessionId, auth.user.id, null);
  }

  /**
   * Builds `{accessToken, user}` for a session, re-reading it the way every request does, so a
   * token is never issued for a session that the guard would refuse.
   */
  async issue(sessionId: string, userId: string, refreshToken: string | null): Promise<IssuedSession> {
    const loaded = await this.loader.load(sessionId, userId);
    if (loaded.status === 'impersonation_over') {
      await this.impersonationEvents.sessionFoundOver(loaded.impersonationId);
      throw AppException.unauthorized(ErrorCode.IMPERSONATION_ENDED);
    }
    if (loaded.status === 'gone') throw AppException.unauthorized(ErrorCode.SESSION_EXPIRED);
    const auth = loaded.context;
    if (auth.sessionKind === 'full' && auth.user.isTwoFactorEnabled && !auth.twoFactorAuthenticated) {
      // 2FA was turned on after this session began: it may not mint full tokens any more.
      throw AppException.unauthorized(ErrorCode.TWO_FACTOR_REQUIRED);
    }
    return {
      response: { accessToken: this.tokens.signAccessToken(auth), user: await this.users.describe(auth) },
      refresh: refreshToken ? { token: refreshToken, expiresAt: auth.sessionExpiresAt } : null,
    };
  }
}

function personOf(user: User) {
  return { id: user.id, name: fullName(user), isImpersonated: false, impersonationId: null };
}
