import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Business and lead comments share one shape. `authorName` is written once, at creation, from the
 * request's acting person — "Support team (Ada Admin)" during impersonation — so history never changes.
 */
export abstract class CommentColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'team_id', type: 'uuid' })
  teamId: string;

  @Column({ type: 'varchar', length: 5000 })
  text: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @Column({ name: 'author_name', type: 'varchar', length: 250 })
  authorName: string;

  @Column({ name: 'is_impersonated', type: 'boolean', default: false })
  isImpersonated: boolean;

  @Column({ name: 'impersonation_id', type: 'uuid', nullable: true })
  impersonationId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity('business_comments')
export class BusinessComment extends CommentColumns {
  @Column({ name: 'business_id', type: 'uuid' })
  businessId: string;
}

@Entity('lead_comments')
export class LeadComment extends CommentColumns {
  @Column({ name: 'lead_id', type: 'uuid' })
  leadId: string;
}
