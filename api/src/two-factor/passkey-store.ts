import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PASSKEY_CHALLENGE_MINUTES } from '@vantage/contracts';
import { DataSource, EntityManager } from 'typeorm';

export type PasskeyChallengePurpose = 'registration' | 'login' | 'step_up';

/** What the profile lists. */
export interface PasskeyRow {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** What verifying an assertion needs. */
export interface PasskeyCredentialRow {
  id: string;
  userId: string;
  name: string;
  credentialId: string;
  publicKey: Buffer;
  signCount: number;
  transports: string[];
}

export interface NewPasskey {
  userId: string;
  name: string;
  credentialId: string;
  publicKey: Uint8Array;
  signCount: number;
  transports: string[];
}

/** Challenges one account may have waiting per purpose (a few tabs); older ones are dropped. */
const OPEN_CHALLENGES_PER_PURPOSE = 5;

/** The owner of the `passkeys` and `passkey_challenges` tables: every statement that writes them. */
@Injectable()
export class PasskeyStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Stores a fresh challenge for the user and purpose; drops the user's expired ones and the oldest beyond a few. */
  async issueChallenge(userId: string, purpose: PasskeyChallengePurpose, challenge: string): Promise<void> {
    await this.db.query(
      `WITH stale AS (
         DELETE FROM passkey_challenges
          WHERE user_id = $1
            AND (expires_at <= now()
                 OR (purpose = $2 AND challenge IN (
                       SELECT challenge FROM passkey_challenges WHERE user_id = $1 AND purpose = $2
                        ORDER BY created_at DESC OFFSET $4))))
       INSERT INTO passkey_challenges (challenge, user_id, purpose, expires_at)
       VALUES ($3, $1, $2, now() + make_interval(mins => $5))`,
      [userId, purpose, challenge, OPEN_CHALLENGES_PER_PURPOSE - 1, PASSKEY_CHALLENGE_MINUTES],
    );
  }

  /**
   * Takes the challenge if it was issued to this user for this purpose and has not expired: true for
   * exactly one caller (the row is deleted in the same statement, so a replay finds nothing).
   */
  async takeChallenge(userId: string, purpose: PasskeyChallengePurpose, challenge: string): Promise<boolean> {
    const [rows] = await this.db.query<[{ fresh: boolean }[], number]>(
      `DELETE FROM passkey_challenges WHERE challenge = $1 AND user_id = $2 AND purpose = $3 RETURNING expires_at > now() AS fresh`,
      [challenge, userId, purpose],
    );
    return rows.length > 0 && rows[0].fresh;
  }

  async list(userId: string): Promise<PasskeyRow[]> {
    return this.db.query<PasskeyRow[]>(
      `SELECT id, name, created_at AS "createdAt", last_used_at AS "lastUsedAt"
         FROM passkeys WHERE user_id = $1 ORDER BY created_at, id`,
      [userId],
    );
  }

  async count(userId: string): Promise<number> {
    const [{ count }] = await this.db.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM passkeys WHERE user_id = $1`, [
      userId,
    ]);
    return count;
  }

  /** The user's credentials (for excludeCredentials / allowCredentials). */
  async credentialsOf(userId: string): Promise<{ credentialId: string; transports: string[] }[]> {
    return this.db.query(`SELECT credential_id AS "credentialId", transports FROM passkeys WHERE user_id = $1 ORDER BY created_at, id`, [
      userId,
    ]);
  }

  /** The user's credential with this id; another user's credential is not found. */
  async findCredential(userId: string, credentialId: string): Promise<PasskeyCredentialRow | null> {
    const rows = await this.db.query<(Omit<PasskeyCredentialRow, 'signCount'> & { signCount: string })[]>(
      `SELECT id, user_id AS "userId", name, credential_id AS "credentialId", public_key AS "publicKey",
              sign_count AS "signCount", transports
         FROM passkeys WHERE user_id = $1 AND credential_id = $2`,
      [userId, credentialId],
    );
    return rows.length ? { ...rows[0], signCount: Number(rows[0].signCount) } : null;
  }

  /** Inserts the passkey; null when the credential is already registered (to anyone). */
  async add(passkey: NewPasskey, manager: EntityManager): Promise<PasskeyRow | null> {
    // An INSERT answers its rows (TypeORM pairs rows with a count only for UPDATE and DELETE).
    const rows = await manager.query<PasskeyRow[]>(
      `INSERT INTO passkeys (user_id, name, credential_id, public_key, sign_count, transports)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (credential_id) DO NOTHING
       RETURNING id, name, created_at AS "createdAt", last_used_at AS "lastUsedAt"`,
      [passkey.userId, passkey.name, passkey.credentialId, Buffer.from(passkey.publicKey), passkey.signCount, passkey.transports],
    );
    return rows[0] ?? null;
  }

  /**
   * Records an accepted assertion: the new counter and the time of use, guarded by the counter read
   * before verifying, so two parallel requests carrying assertions with one counter value cannot both
   * pass. Counters of 0 and 0 are what authenticators without a counter send (WebAuthn §6.1.1).
   */
  async recordUse(passkeyId: string, previousCount: number, newCount: number): Promise<boolean> {
    const [rows] = await this.db.query<[unknown[], number]>(
      `UPDATE passkeys SET sign_count = $3, last_used_at = now()
        WHERE id = $1 AND sign_count = $2 AND ($3 > sign_count OR ($3 = 0 AND sign_count = 0))
        RETURNING id`,
      [passkeyId, previousCount, newCount],
    );
    return rows.length > 0;
  }

  /** Deletes the user's passkey; its name, or null when the user has no such passkey. */
  async remove(userId: string, passkeyId: string, manager: EntityManager): Promise<string | null> {
    const [rows] = await manager.query<[{ name: string }[], number]>(`DELETE FROM passkeys WHERE id = $1 AND user_id = $2 RETURNING name`, [
      passkeyId,
      userId,
    ]);
    return rows[0]?.name ?? null;
  }

  /** Every passkey and open challenge of the user (2FA turned off or reset). */
  async removeAll(userId: string, manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM passkeys WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM passkey_challenges WHERE user_id = $1`, [userId]);
  }
}
