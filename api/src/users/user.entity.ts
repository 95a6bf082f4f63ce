import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role, TwoFactorMethod } from '@vantage/contracts';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased; unique (see the migration). */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 100 })
  passwordHash: string;

  @Column({ name: 'first_name', type: 'varchar', length: 100 })
  firstName: string;

  @Column({ name: 'last_name', type: 'varchar', length: 100 })
  lastName: string;

  @Column({ type: 'varchar', length: 20, default: 'user' })
  role: Role;

  @Column({ name: 'impersonation_allowed', type: 'boolean', default: true })
  impersonationAllowed: boolean;

  @Column({ name: 'is_two_factor_enabled', type: 'boolean', default: false })
  isTwoFactorEnabled: boolean;

  @Column({ name: 'two_factor_method', type: 'varchar', length: 10, nullable: true })
  twoFactorMethod: TwoFactorMethod | null;

  /** Active TOTP secret, AES-256-GCM encrypted. */
  @Column({ name: 'totp_secret_encrypted', type: 'text', nullable: true })
  totpSecretEncrypted: string | null;

  /** A secret being set up, active only once a code from it is confirmed. */
  @Column({ name: 'totp_pending_secret_encrypted', type: 'text', nullable: true })
  totpPendingSecretEncrypted: string | null;

  /** The last TOTP time-step accepted: a step at or below it is a replay. */
  @Column({ name: 'totp_last_used_step', type: 'bigint', nullable: true })
  totpLastUsedStep: string | null;

  /** Wrong 2FA codes in a row; reset by a right one. */
  @Column({ name: 'two_factor_failed_attempts', type: 'int', default: 0 })
  twoFactorFailedAttempts: number;

  @Column({ name: 'two_factor_locked_until', type: 'timestamptz', nullable: true })
  twoFactorLockedUntil: Date | null;

  @Column({ name: 'current_team_id', type: 'uuid', nullable: true })
  currentTeamId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  get fullName(): string {
    return `${this.firstName} ${this.lastName}`.trim();
  }
}
