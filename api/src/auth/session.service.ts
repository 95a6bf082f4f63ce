import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { UUID_PATTERN } from '../common/uuid-param';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuthSession, AuthSessionKind } from './auth-session.entity';

export const LOGIN_CHALLENGE_TTL_MS = 10 * 60 * 1000;

/** The device and address a sign-in came from, as a person would recognise it in their sessions list. */
export interface SessionClient {
  userAgent: string | null;
  ip: string | null;
}

/** A request's client (Fastify's `ip` follows the trust-proxy setting). */
export function clientOf(request: { ip?: string; headers: Record<string, unknown> }): SessionClient {
  const userAgent = request.headers['user-agent'];
  return {
    userAgent: typeof userAgent === 'string' && userAgent ? userAgent.slice(0, 400) : null,
    ip: request.ip ? request.ip.slice(0, 64) : null,
  };
}

export interface SignInSessionRow {
  id: string;
  created_at: Date;
  last_seen_at: Date;
  user_agent: string | null;
  ip: string | null;
}

export interface NewSession {
  userId: string;
  client?: SessionClient;
  kind: AuthSessionKind;
  teamId: string | null;
  twoFactorAuthenticated: boolean;
  impersonationId?: string;
  expiresAt?: Date;
}

/** The owner of `auth_sessions`: every token names a session, and every write to that table is here. */
@Injectable()
export class SessionService implements BeforeApplicationShutdown {
  /** "Last active" writes sent after answers: a stop waits for them while the database is still there. */
  private readonly touching = new Set<Promise<void>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates a session; all but login challenges get a refresh credential (returned once, stored hashed). */
  async create(
    input: NewSession,
    manager: EntityManager = this.db.manager,
  ): Promise<{ session: AuthSession; refreshToken: string | null }> {
    const withRefresh = input.kind !== 'pending_two_factor';
    const secret = withRefresh ? randomBytes(32).toString('base64url') : null;
    const expiresAt =
      input.expiresAt ??
      new Date(Date.now() + (input.kind === 'pending_two_factor' ? LOGIN_CHALLENGE_TTL_MS : this.config.refreshTokenTtlDays * 86_400_000));
    const session = Object.assign(new AuthSession(), {
      userId: input.userId,
      kind: input.kind,
      teamId: input.teamId,
      twoFactorAuthenticated: input.twoFactorAuthenticated,
      impersonationId: input.impersonationId ?? null,
      refreshTokenHash: secret ? sha256(secret) : null,
      failedAttempts: 0,
      expiresAt,
      revokedAt: null,
    });
    // A plain INSERT … RETURNING (sign-in, refresh-less challenges and impersonation all create one;
    // the repository's save() cost more CPU than the insert itself).
    const [row]: { id: string; created_at: Date }[] = await manager.query(
      `INSERT INTO auth_sessions (user_id, kind, team_id, two_factor_authenticated, impersonation_id, refresh_token_hash, expires_at, user_agent, ip)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING id, created_at`,
      [
        session.userId,
        session.kind,
        session.teamId,
        session.twoFactorAuthenticated,
        session.impersonationId,
        session.refreshTokenHash,
        session.expiresAt,
        input.client?.userAgent ?? null,
        input.client?.ip ?? null,
      ],
    );
    session.id = row.id;
    session.createdAt = row.created_at;
    return { session, refreshToken: secret ? `${session.id}.${secret}` : null };
  }

  /**
   * The session named by a refresh credential (live or not: the caller decides, so an ended
   * impersonation can say so), or null when the credential is not genuine.
   */
  async findByRefreshToken(refreshToken: string | undefined): Promise<AuthSession | null> {
    const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(refreshToken ?? '');
    if (!match || !UUID_PATTERN.test(match[1])) return null;
    const session = await this.db.getRepository(AuthSession).findOne({ where: { id: match[1] } });
    if (!session || !session.refreshTokenHash) return null;
    const expected = Buffer.from(session.refreshTokenHash, 'hex');
    const given = Buffer.from(sha256(match[2]), 'hex');
    return timingSafeEqual(expected, given) ? session : null;
  }

  async setTeam(sessionId: string, teamId: string, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(`UPDATE auth_sessions SET team_id = $2 WHERE id = $1`, [sessionId, teamId]);
  }

  /**
   * Revokes a live session. Resolves with what it was (its impersonation, if any), or null when it
   * was not live — so exactly one of several parallel callers "wins" a single-use login challenge.
   */
  async revoke(sessionId: string, manager: EntityManager = this.db.manager): Promise<{ impersonationId: string | null } | null> {
    const [rows] = await manager.query<[{ impersonation_id: string | null }[], number]>(
      `UPDATE auth_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING impersonation_id`,
      [sessionId],
    );
    return rows.length ? { impersonationId: rows[0].impersonation_id } : null;
  }

  /** Ends the sessions of impersonations that just ended. */
  async revokeForImpersonations(impersonationIds: string[], manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(`UPDATE auth_sessions SET revoked_at = now() WHERE impersonation_id = ANY($1::uuid[]) AND revoked_at IS NULL`, [
      impersonationIds,
    ]);
  }

  /** The session proved a second factor (2FA was just enabled from it). */
  async markTwoFactorPassed(sessionId: string, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(`UPDATE auth_sessions SET two_factor_authenticated = true WHERE id = $1`, [sessionId]);
  }

  /**
   * Counts one code against a live login challenge; false when the challenge is over or has used
   * up its `maxAttempts` (the caller then ends it).
   */
  async takeChallengeAttempt(sessionId: string, maxAttempts: number): Promise<boolean> {
    const [rows] = await this.db.query<[unknown[], number]>(
      `UPDATE auth_sessions SET failed_attempts = failed_attempts + 1
        WHERE id = $1 AND revoked_at IS NULL AND expires_at > now() AND failed_attempts < $2
        RETURNING failed_attempts`,
      [sessionId, maxAttempts],
    );
    return rows.length > 0;
  }

  /** The session was used now (for "last active"): written in the background, failures ignored (the next use writes it). */
  touchLater(sessionId: string): void {
    const touched: Promise<void> = this.db
      .query(`UPDATE auth_sessions SET last_seen_at = now() WHERE id = $1`, [sessionId])
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => this.touching.delete(touched));
    this.touching.add(touched);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.touching]);
  }

  /** A person's live sign-ins (not login challenges, not support sessions in their account), newest first. */
  listSignIns(userId: string): Promise<SignInSessionRow[]> {
    return this.db.query<SignInSessionRow[]>(
      `SELECT id, created_at, last_seen_at, user_agent, ip FROM auth_sessions
        WHERE user_id = $1 AND kind = 'full' AND revoked_at IS NULL AND expires_at > now()
        ORDER BY created_at DESC, id DESC
        LIMIT 100`,
      [userId],
    );
  }

  /** Ends one of the person's own sign-ins; false when they have no such live sign-in. */
  async revokeSignIn(userId: string, sessionId: string): Promise<boolean> {
    const [rows] = await this.db.query<[unknown[], number]>(
      `UPDATE auth_sessions SET revoked_at = now()
        WHERE id = $1 AND user_id = $2 AND kind = 'full' AND revoked_at IS NULL AND expires_at > now()
        RETURNING id`,
      [sessionId, userId],
    );
    return rows.length > 0;
  }

  /** Ends every other session of the user (after a password or 2FA change). */
  async revokeAllExcept(userId: string, keepSessionId: string | null, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(
      `UPDATE auth_sessions SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid)`,
      [userId, keepSessionId],
    );
  }
}

export function isLive(session: AuthSession): boolean {
  return session.revokedAt === null && session.expiresAt.getTime() > Date.now();
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
