import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Role } from '@vantage/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { User } from './user.entity';

export interface NewUser {
  email: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
}

export interface ProfileChanges {
  firstName?: string;
  lastName?: string;
  impersonationAllowed?: boolean;
}

/** Assignments that end a run of wrong 2FA codes (a right code, or a TOTP step recorded as used). */
const TWO_FACTOR_ATTEMPTS_RESET = 'two_factor_failed_attempts = 0, two_factor_locked_until = NULL';
/** Assignments that remove every second factor stored on the row. */
const NO_SECOND_FACTOR = 'totp_secret_encrypted = NULL, totp_pending_secret_encrypted = NULL, totp_last_used_step = NULL';

/**
 * The owner of the `users` table: every statement that writes it is here, named for what it is for.
 * The rules (who may, how many attempts, what a code proves) stay with the features that call these;
 * the one-query session check reads the table in the auth core. Pass a transaction's manager to write
 * together with other changes.
 */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findById(userId: string, manager: EntityManager = this.db.manager): Promise<User | null> {
    return manager.getRepository(User).findOne({ where: { id: userId } });
  }

  /** Emails are unique without regard to letter case. */
  findByEmail(email: string): Promise<User | null> {
    return this.db.getRepository(User).createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  async emailTaken(email: string, manager: EntityManager = this.db.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM users WHERE lower(email) = lower($1)`, [email]);
    return rows.length > 0;
  }

  /** Two registrations racing for one email: the unique index refuses the second (23505). */
  create(user: NewUser, manager: EntityManager): Promise<User> {
    const users = manager.getRepository(User);
    return users.save(users.create(user));
  }

  async passwordHashOf(userId: string): Promise<string | undefined> {
    const [row]: { password_hash: string }[] = await this.db.query(`SELECT password_hash FROM users WHERE id = $1`, [userId]);
    return row?.password_hash;
  }

  async setPassword(userId: string, passwordHash: string, manager: EntityManager): Promise<void> {
    await manager.getRepository(User).update({ id: userId }, { passwordHash });
  }

  async updateProfile(userId: string, changes: ProfileChanges, manager: EntityManager): Promise<void> {
    await manager.getRepository(User).update({ id: userId }, changes);
  }

  async setCurrentTeam(userId: string, teamId: string, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(`UPDATE users SET current_team_id = $2 WHERE id = $1`, [userId, teamId]);
  }

  /** The user left `teamId` (or was removed): if it was their current team, they work in another of theirs (or none). */
  async moveOffTeam(userId: string, teamId: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE users u
          SET current_team_id = (SELECT m.team_id FROM team_members m WHERE m.user_id = u.id ORDER BY m.created_at, m.team_id LIMIT 1)
        WHERE u.id = $1 AND u.current_team_id = $2`,
      [userId, teamId],
    );
  }

  /** Back to `teamId` if the user still belongs to it, else their current team; answers the team they are in now. */
  async returnToTeam(userId: string, teamId: string | null, manager: EntityManager): Promise<string | null> {
    const [[row]] = await manager.query<[{ current_team_id: string | null }[], number]>(
      `UPDATE users u
          SET current_team_id = COALESCE(
                (SELECT m.team_id FROM team_members m WHERE m.team_id = $2::uuid AND m.user_id = u.id), u.current_team_id)
        WHERE u.id = $1
        RETURNING u.current_team_id`,
      [userId, teamId],
    );
    return row?.current_team_id ?? null;
  }

  /** Reads the row locked for the rest of the transaction (role changes are decided on the row they change). */
  findForUpdate(userId: string, manager: EntityManager): Promise<User | null> {
    return manager.getRepository(User).findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
  }

  async setRole(userId: string, role: Role, manager: EntityManager): Promise<void> {
    await manager.getRepository(User).update({ id: userId }, { role });
  }

  // --- Two-factor state (the rules live in two-factor/) ---

  /**
   * Reserves one 2FA attempt: counts it before its code is checked, so however many requests arrive
   * together no more than `maxAttempts` codes are ever being checked or counted as wrong. An expired
   * lock starts a new run at 1. Answers the attempt's number, or null when none may be made now
   * (locked, or every attempt of the budget is being checked by other requests).
   */
  async reserveTwoFactorAttempt(userId: string, maxAttempts: number): Promise<number | null> {
    const [rows] = await this.db.query<[{ attempts: number }[], number]>(
      `UPDATE users SET
          two_factor_failed_attempts = CASE WHEN two_factor_locked_until IS NULL THEN two_factor_failed_attempts + 1 ELSE 1 END,
          two_factor_locked_until = NULL
        WHERE id = $1
          AND (two_factor_locked_until IS NULL OR two_factor_locked_until <= now())
          AND (two_factor_locked_until IS NOT NULL OR two_factor_failed_attempts < $2)
        RETURNING two_factor_failed_attempts AS attempts`,
      [userId, maxAttempts],
    );
    return rows.length ? rows[0].attempts : null;
  }

  /**
   * reserveTwoFactorAttempt for a user whose 2FA is on, answering the user's row with it — the read
   * a code check starts with and the reservation in one statement. Null when no attempt was reserved:
   * the user does not exist, has 2FA off, is locked, or every attempt is being checked (the caller
   * then reads the user and asks reserveTwoFactorAttempt to learn which).
   */
  async reserveTwoFactorAttemptOf(userId: string, maxAttempts: number): Promise<{ user: User; attempts: number } | null> {
    const [rows] = await this.db.query<[Record<string, unknown>[], number]>(
      `UPDATE users SET
          two_factor_failed_attempts = CASE WHEN two_factor_locked_until IS NULL THEN two_factor_failed_attempts + 1 ELSE 1 END,
          two_factor_locked_until = NULL
        WHERE id = $1 AND is_two_factor_enabled
          AND (two_factor_locked_until IS NULL OR two_factor_locked_until <= now())
          AND (two_factor_locked_until IS NOT NULL OR two_factor_failed_attempts < $2)
        RETURNING *`,
      [userId, maxAttempts],
    );
    if (!rows.length) return null;
    return { user: this.hydrate(rows[0]), attempts: Number(rows[0].two_factor_failed_attempts) };
  }

  /** A row of `users` as TypeORM would load it (column names to properties, with the driver's conversions). */
  private hydrate(raw: Record<string, unknown>): User {
    const user = new User();
    for (const column of this.db.getMetadata(User).columns) {
      if (column.databaseName in raw) column.setEntityValue(user, this.db.driver.prepareHydratedValue(raw[column.databaseName], column));
    }
    return user;
  }

  /** Gives back a reserved attempt whose code was not wrong (right, but another request used it first). */
  async releaseTwoFactorAttempt(userId: string): Promise<void> {
    await this.db.query(
      `UPDATE users SET two_factor_failed_attempts = greatest(two_factor_failed_attempts - 1, 0)
        WHERE id = $1 AND two_factor_locked_until IS NULL`,
      [userId],
    );
  }

  /**
   * A reserved attempt's code was wrong: its count stays, and once the run reaches `maxFailures`
   * the account is locked for `lockMinutes`. True for the one request that locked it.
   */
  async lockTwoFactorIfExhausted(userId: string, maxFailures: number, lockMinutes: number): Promise<boolean> {
    const [rows] = await this.db.query<[unknown[], number]>(
      `UPDATE users SET two_factor_locked_until = now() + make_interval(mins => $3)
        WHERE id = $1 AND two_factor_locked_until IS NULL AND two_factor_failed_attempts >= $2
        RETURNING id`,
      [userId, maxFailures, lockMinutes],
    );
    return rows.length > 0;
  }

  /** The last TOTP time-step used, as stored now (a request may have recorded one since the row was read). */
  async totpLastUsedStep(userId: string): Promise<number | null> {
    const [row]: { step: string | null }[] = await this.db.query(`SELECT totp_last_used_step AS step FROM users WHERE id = $1`, [userId]);
    return row?.step == null ? null : Number(row.step);
  }

  async resetTwoFactorAttempts(userId: string): Promise<void> {
    await this.db.query(`UPDATE users SET ${TWO_FACTOR_ATTEMPTS_RESET} WHERE id = $1`, [userId]);
  }

  async twoFactorLockedForSeconds(userId: string): Promise<number> {
    const [row]: { seconds: number | null }[] = await this.db.query(
      `SELECT ceil(extract(epoch FROM two_factor_locked_until - now()))::int AS seconds FROM users WHERE id = $1`,
      [userId],
    );
    return Math.max(0, row?.seconds ?? 0);
  }

  /**
   * Records a TOTP time-step as used if it is later than the last one, and ends the run of wrong
   * codes in the same UPDATE. The guard lets exactly one of several parallel requests with the same
   * code through: true for that one.
   */
  async useTotpStep(userId: string, step: number): Promise<boolean> {
    const [rows] = await this.db.query<[unknown[], number]>(
      `UPDATE users SET totp_last_used_step = $2, ${TWO_FACTOR_ATTEMPTS_RESET}
        WHERE id = $1 AND (totp_last_used_step IS NULL OR totp_last_used_step < $2) RETURNING id`,
      [userId, step],
    );
    return rows.length > 0;
  }

  async setPendingTotpSecret(userId: string, sealedSecret: string): Promise<void> {
    await this.db.query(`UPDATE users SET totp_pending_secret_encrypted = $2 WHERE id = $1`, [userId, sealedSecret]);
  }

  async pendingTotpSecret(userId: string): Promise<string | null> {
    const [row]: { pending: string | null }[] = await this.db.query(
      `SELECT totp_pending_secret_encrypted AS pending FROM users WHERE id = $1`,
      [userId],
    );
    return row?.pending ?? null;
  }

  /**
   * Makes the pending authenticator secret the live one, with `usedStep` already used. Guarded by
   * the pending value the caller checked: a setup restarted meanwhile is not activated (false).
   */
  async activatePendingTotp(userId: string, pendingSecret: string, usedStep: number, manager: EntityManager): Promise<boolean> {
    const [rows] = await manager.query<[unknown[], number]>(
      `UPDATE users SET totp_secret_encrypted = totp_pending_secret_encrypted, totp_pending_secret_encrypted = NULL,
              totp_last_used_step = $3, is_two_factor_enabled = true, two_factor_method = 'totp'
        WHERE id = $1 AND totp_pending_secret_encrypted = $2 RETURNING id`,
      [userId, pendingSecret, usedStep],
    );
    return rows.length > 0;
  }

  /** Email codes as the method; an authenticator secret is dropped (switching back means a new setup). */
  async enableEmailTwoFactor(userId: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE users SET is_two_factor_enabled = true, two_factor_method = 'email', ${NO_SECOND_FACTOR} WHERE id = $1`, [
      userId,
    ]);
  }

  async disableTwoFactor(userId: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE users SET is_two_factor_enabled = false, two_factor_method = NULL, ${NO_SECOND_FACTOR} WHERE id = $1`, [
      userId,
    ]);
  }
}
