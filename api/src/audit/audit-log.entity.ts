import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One row per security-relevant or mutating action (the seeds of the SPEC call it AuditLoggerEntity). */
@Entity('audit_logs')
export class AuditLog {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The team the action belongs to; null for actions outside a team (e.g. a failed login). */
  @Column({ name: 'team_id', type: 'uuid', nullable: true })
  teamId: string | null;

  /** The real person who acted (the admin during impersonation); null when unknown (failed login). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 250 })
  actorName: string;

  @Column({ type: 'varchar', length: 60 })
  action: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 40, nullable: true })
  entityType: string | null;

  @Column({ name: 'entity_id', type: 'varchar', length: 64, nullable: true })
  entityId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null;

  @Column({ name: 'is_impersonated', type: 'boolean', default: false })
  isImpersonated: boolean;

  @Column({ name: 'impersonation_id', type: 'uuid', nullable: true })
  impersonationId: string | null;

  @Column({ name: 'ip_address', type: 'varchar', length: 64, nullable: true })
  ipAddress: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
