import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode, type SupportActionList } from '@vantage/contracts';
import { DataSource } from 'typeorm';
import type { AuthContext } from '../../auth/auth-context';
import { AppException } from '../../common/app-exception';
import { ImpersonationActionLog } from './impersonation-action-log';

/** Who may read a support session's actions: the person it was in, and admins. */
@Injectable()
export class SupportActionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly log: ImpersonationActionLog,
  ) {}

  /** The actions of a session in my account; anyone else's session is not found, as if it did not exist. */
  async inMyAccount(auth: AuthContext, impersonationId: string): Promise<SupportActionList> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM impersonations WHERE id = $1 AND impersonated_user_id = $2`, [
      impersonationId,
      auth.user.id,
    ]);
    if (!rows.length) throw AppException.notFound(ErrorCode.IMPERSONATION_NOT_FOUND);
    return { items: await this.log.actionsOf(impersonationId) };
  }

  /** The actions of any session, for admins. */
  async ofAnySession(impersonationId: string): Promise<SupportActionList> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM impersonations WHERE id = $1`, [impersonationId]);
    if (!rows.length) throw AppException.notFound(ErrorCode.IMPERSONATION_NOT_FOUND);
    return { items: await this.log.actionsOf(impersonationId) };
  }
}
