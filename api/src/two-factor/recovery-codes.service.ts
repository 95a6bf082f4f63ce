import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { RECOVERY_CODE_COUNT } from './two-factor.policy';
import { TwoFactorCrypto } from './two-factor-crypto';

/** 32 symbols (5 bits each) without the look-alikes l, o, 0 and 1. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const GROUPS = 3;
const GROUP_LENGTH = 4;
/** 12 symbols × 5 bits = 60 bits per code. */
const CODE_LENGTH = GROUPS * GROUP_LENGTH;

/**
 * The canonical form of a typed recovery code — lower case, without dashes or spaces — or null
 * when it cannot be one.
 */
export function normaliseRecoveryCode(input: string): string | null {
  const compact = input.toLowerCase().replace(/[\s-]/g, '');
  return compact.length === CODE_LENGTH && [...compact].every((c) => ALPHABET.includes(c)) ? compact : null;
}

/** One-time recovery codes (shown once, stored as HMAC); a new set replaces the old one. */
@Injectable()
export class RecoveryCodeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly crypto: TwoFactorCrypto,
  ) {}

  /** Replaces the user's codes with a new set and returns it, formatted `xxxx-xxxx-xxxx`. */
  async replace(userId: string, manager: EntityManager): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newCode());
    await manager.query(`DELETE FROM two_factor_recovery_codes WHERE user_id = $1`, [userId]);
    await manager.query(`INSERT INTO two_factor_recovery_codes (user_id, code_hash) SELECT $1, unnest($2::varchar[])`, [
      userId,
      codes.map((code) => this.hash(userId, normaliseRecoveryCode(code)!)),
    ]);
    return codes;
  }

  /** Marks a normalised code used; true for exactly one caller. */
  async consume(userId: string, normalisedCode: string): Promise<boolean> {
    const [rows] = await this.db.query<[unknown[], number]>(
      `UPDATE two_factor_recovery_codes SET used_at = now()
        WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
      [userId, this.hash(userId, normalisedCode)],
    );
    return rows.length > 0;
  }

  /** The code is one of the user's, already used (by an earlier request or a parallel one that won). */
  async wasUsed(userId: string, normalisedCode: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM two_factor_recovery_codes WHERE user_id = $1 AND code_hash = $2 AND used_at IS NOT NULL`,
      [userId, this.hash(userId, normalisedCode)],
    );
    return rows.length > 0;
  }

  async remaining(userId: string): Promise<number> {
    const [{ count }] = await this.db.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM two_factor_recovery_codes WHERE user_id = $1 AND used_at IS NULL`,
      [userId],
    );
    return count;
  }

  /** Unused codes of the current set, and when one of them was last used (a new set starts afresh). */
  async summary(userId: string): Promise<{ left: number; lastUsedAt: Date | null }> {
    const [row] = await this.db.query<{ left: number; last_used_at: Date | null }[]>(
      `SELECT count(*) FILTER (WHERE used_at IS NULL)::int AS left, max(used_at) AS last_used_at
         FROM two_factor_recovery_codes WHERE user_id = $1`,
      [userId],
    );
    return { left: row.left, lastUsedAt: row.last_used_at };
  }

  async removeAll(userId: string, manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM two_factor_recovery_codes WHERE user_id = $1`, [userId]);
  }

  private hash(userId: string, normalisedCode: string): string {
    return this.crypto.hashCode(userId, 'recovery', normalisedCode);
  }
}

function newCode(): string {
  const symbols = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return symbols.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g'))!.join('-');
}
