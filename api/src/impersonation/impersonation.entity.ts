import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ImpersonationEndReason, ImpersonationMode } from '@vantage/contracts';

@Entity('impersonations')
export class Impersonation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 24 characters from a cryptographic source; carried in the impersonation token. */
  @Column({ type: 'varchar', length: 24 })
  code: string;

  @Column({ name: 'impersonator_id', type: 'uuid' })
  impersonatorId: string;

  @Column({ name: 'impersonated_user_id', type: 'uuid' })
  impersonatedUserId: string;

  /** The admin's team when they started: where "Return to my account" takes them. */
  @Column({ name: 'impersonator_team_id', type: 'uuid', nullable: true })
  impersonatorTeamId: string | null;

  @Column({ name: 'team_id', type: 'uuid' })
  teamId: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  /** Set by the database (microsecond precision): compare with token times at millisecond precision. */
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()', insert: false, update: false })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'ended_by_id', type: 'uuid', nullable: true })
  endedById: string | null;

  @Column({ name: 'end_reason', type: 'varchar', length: 20, nullable: true })
  endReason: ImpersonationEndReason | null;

  /** `read`: every request but GET/HEAD is refused (SPEC §10). */
  @Column({ type: 'varchar', length: 5, default: 'write' })
  mode: ImpersonationMode;

  /** The approved access request this session runs under (`approval` policy), if any. */
  @Column({ name: 'access_request_id', type: 'uuid', nullable: true })
  accessRequestId: string | null;

  /** When the admin went back to their own account from it; a return happens once. */
  @Column({ name: 'returned_at', type: 'timestamptz', nullable: true })
  returnedAt: Date | null;
}
