import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A sign-in. Every access token names its session (`sid`), and every request checks that the
 * session is still live — so logout, a password or 2FA change, or the end of an impersonation
 * take effect at once on every API instance.
 *
 * - `pending_two_factor`: the password step passed; only the 2FA endpoints are reachable. It is the
 *   login challenge: single use, 10 minutes, with its own wrong-code counter.
 * - `full`: a normal session with a refresh credential (not rotated: see the README's decisions).
 * - `impersonation`: an admin working as this user; bound to an Impersonation record.
 */
export type AuthSessionKind = 'pending_two_factor' | 'full' | 'impersonation';

@Entity('auth_sessions')
export class AuthSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 20 })
  kind: AuthSessionKind;

  @Column({ name: 'team_id', type: 'uuid', nullable: true })
  teamId: string | null;

  /** Whether this session passed a second factor. */
  @Column({ name: 'two_factor_authenticated', type: 'boolean', default: false })
  twoFactorAuthenticated: boolean;

  @Column({ name: 'impersonation_id', type: 'uuid', nullable: true })
  impersonationId: string | null;

  /** SHA-256 of the refresh secret. Null: no refresh (login challenges). */
  @Column({ name: 'refresh_token_hash', type: 'varchar', length: 64, nullable: true })
  refreshTokenHash: string | null;

  /** Wrong codes against this login challenge. */
  @Column({ name: 'failed_attempts', type: 'int', default: 0 })
  failedAttempts: number;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
