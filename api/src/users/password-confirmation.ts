import { Injectable } from '@nestjs/common';
import { type AuditAction, ErrorCode } from '@vantage/contracts';
import { AuditService } from '../audit/audit.service';
import type { AuthContext } from '../auth/auth-context';
import { PasswordAttempts } from '../auth/password-attempts.service';
import { AppException } from '../common/app-exception';
import { UsersRepository } from './users.repository';

/** How a refused confirmation is audited by the caller's feature. */
export interface ConfirmationRefusal {
  action: AuditAction;
  details?: Record<string, unknown>;
  ipAddress?: string | null;
}

/**
 * "Confirm your current password" before a sensitive change (new password, 2FA off, …). A stolen
 * session must not become a password oracle: wrong passwords here count toward the same per-account
 * limit as at sign-in, and each refusal is audited.
 */
@Injectable()
export class PasswordConfirmation {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwordAttempts: PasswordAttempts,
    private readonly audit: AuditService,
  ) {}

  /** @throws 401 WRONG_PASSWORD, 429 LOGIN_LOCKED (Retry-After) */
  async confirm(auth: AuthContext, password: string, refusal: ConfirmationRefusal): Promise<void> {
    const check = await this.passwordAttempts.check(auth.user.email, password, await this.users.passwordHashOf(auth.user.id));
    if (check.outcome === 'locked') throw check.error;
    if (check.outcome === 'wrong') {
      await this.audit.record({
        action: refusal.action,
        teamId: auth.teamId,
        actor: auth,
        entityType: 'user',
        entityId: auth.user.id,
        details: refusal.details ?? null,
        ipAddress: refusal.ipAddress ?? null,
      });
      throw AppException.unauthorized(ErrorCode.WRONG_PASSWORD);
    }
  }
}
