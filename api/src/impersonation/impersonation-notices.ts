import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { fullName, type ImpersonationMode } from '@vantage/contracts';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailService } from '../mail/mail.service';
import { impersonationStartedMail } from './impersonation-mail';

/** A notice being sent is held this long; one whose instance stopped mid-send is then sent again. */
const CLAIM_SECONDS = 120;
/** Notices taken at once by a sweep. */
const SWEEP_BATCH = 100;

interface PendingNoticeRow {
  id: string;
  user_email: string;
  user_first_name: string;
  admin_first_name: string;
  admin_last_name: string;
  team_name: string;
  created_at: Date;
  expires_at: Date;
  reason: string | null;
  mode: ImpersonationMode;
}

/**
 * The email telling a user that support started working in their account (SPEC §4), sent from an
 * outbox: the start marks the record's notice pending in the statement that creates it (see
 * ImpersonationStarts.start), so a notice exists exactly when a start committed and costs the start no
 * round trip of its own. It is sent after the answer; if the instance stops before that, the next
 * start-up or the once-a-minute sweep sends it. A notice is claimed before sending (a guarded UPDATE,
 * so of several instances one sends it), and marked sent after: a stop between the two sends it twice
 * rather than never. A mail server that is down gets it through the mail queue, which retries.
 */
@Injectable()
export class ImpersonationNotices implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Impersonation');
  /** Notices being sent after an answer: a stop waits for them while the database is still there. */
  private readonly sending = new Set<Promise<void>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mail: MailService,
  ) {}

  /** Notices left by an instance that stopped before sending them. */
  async onApplicationBootstrap(): Promise<void> {
    await this.sendPending();
  }

  /** After a start committed: its notice, once the answer is on its way. */
  sendAfterAnswer(impersonationId: string): void {
    const sent = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.send(impersonationId))
      .catch((error: Error) => this.logger.warn(`Impersonation notice ${impersonationId} left for the sweep: ${error.message}`))
      .finally(() => this.sending.delete(sent));
    this.sending.add(sent);
  }

  /** A stop lets the notices being sent finish (and be marked sent) before the pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.sending]);
  }

  /** Every notice still pending and not being sent (start-up, the sweep). */
  async sendPending(): Promise<void> {
    await this.send(null);
  }

  private async send(impersonationId: string | null): Promise<void> {
    const [claimed] = await this.db.query<[PendingNoticeRow[], number]>(
      `UPDATE impersonations i SET notice_claimed_until = now() + make_interval(secs => $2)
         FROM users u, users a, teams t
        WHERE i.id IN (SELECT id FROM impersonations
                        WHERE notice_pending AND ($1::uuid IS NULL OR id = $1::uuid)
                          AND (notice_claimed_until IS NULL OR notice_claimed_until < now())
                        ORDER BY created_at
                        LIMIT $3
                          FOR UPDATE SKIP LOCKED)
          AND u.id = i.impersonated_user_id AND a.id = i.impersonator_id AND t.id = i.team_id
      RETURNING i.id, u.email AS user_email, u.first_name AS user_first_name, a.first_name AS admin_first_name,
                a.last_name AS admin_last_name, t.name AS team_name, i.created_at, i.expires_at, i.reason, i.mode`,
      [impersonationId, CLAIM_SECONDS, SWEEP_BATCH],
    );
    if (!claimed.length) return;
    for (const notice of claimed) {
      const mail = impersonationStartedMail({
        to: notice.user_email,
        userFirstName: notice.user_first_name,
        adminName: fullName({ firstName: notice.admin_first_name, lastName: notice.admin_last_name }),
        teamName: notice.team_name,
        startedAt: notice.created_at,
        expiresAt: notice.expires_at,
        reason: notice.reason,
        mode: notice.mode,
        appUrl: this.config.appUrl,
      });
      // Mail server down: the queue keeps trying (and survives restarts).
      await this.mail.send(mail).catch(() => this.mail.queue(mail));
    }
    await this.db.query(`UPDATE impersonations SET notice_pending = false, notice_claimed_until = NULL WHERE id = ANY($1::uuid[])`, [
      claimed.map((notice) => notice.id),
    ]);
  }
}
