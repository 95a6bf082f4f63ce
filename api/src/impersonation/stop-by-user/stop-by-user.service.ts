import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode } from '@vantage/contracts';
import { DataSource } from 'typeorm';
import { fullName, type AuthContext } from '../../auth/auth-context';
import { AppException } from '../../common/app-exception';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { MailService } from '../../mail/mail.service';
import { ImpersonationEndings } from '../impersonation-endings';
import { supportSessionEndedByUserMail } from './support-session-ended-mail';

interface SessionInMyAccount {
  admin_email: string;
  team_name: string | null;
}

/** The customer's own stop button (SPEC §10): the person a support session is in ends it at once. */
@Injectable()
export class StopByUserService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly endings: ImpersonationEndings,
    private readonly mail: MailService,
  ) {}

  /**
   * Ends a running impersonation of my account: its sessions are revoked in PostgreSQL, so its next
   * request is refused on every instance; the end is audited (ended_by_user) and the admin is told by
   * email, queued with the end. Someone else's session, and one that is not running, are not found.
   */
  async end(auth: AuthContext, impersonationId: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      const [session]: SessionInMyAccount[] = await manager.query(
        `SELECT a.email AS admin_email, t.name AS team_name
           FROM impersonations i
           JOIN users a ON a.id = i.impersonator_id
           LEFT JOIN teams t ON t.id = i.team_id
          WHERE i.id = $1 AND i.impersonated_user_id = $2`,
        [impersonationId, auth.user.id],
      );
      if (!session) throw AppException.notFound(ErrorCode.IMPERSONATION_NOT_FOUND);
      const [ended] = await this.endings.end({ id: impersonationId, unexpiredOnly: true }, 'ended_by_user', { by: auth, manager });
      if (!ended) throw AppException.notFound(ErrorCode.IMPERSONATION_NOT_FOUND, 'This support session has already ended.');
      await this.mail.queue(
        supportSessionEndedByUserMail({
          to: session.admin_email,
          userName: fullName(auth.user),
          teamName: session.team_name,
          endedAt: new Date(),
          appUrl: this.config.appUrl,
        }),
        manager,
      );
    });
  }
}
