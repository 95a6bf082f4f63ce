import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AdminUserSummary, ErrorCode, type Role } from '@vantage/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { actingPerson, fullName, type AuthContext } from '../auth/auth-context';
import { AppException } from '../common/app-exception';
import { ImpersonationEvents } from '../impersonation/impersonation-events';
import { User } from '../users/user.entity';

/** Higher ranks may do more: the impersonation rules were checked against the rank a session started with. */
const ROLE_RANK: Record<Role, number> = { user: 0, admin: 1, super_admin: 2 };

@Injectable()
export class AdminUsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly impersonationEvents: ImpersonationEvents,
  ) {}

  /**
   * Sets a user's role (super admins only, never their own: 403 ROLE_CHANGE_SELF, so the last
   * super admin cannot lock everyone out by accident). The guards read the role from the database on
   * every request, so the change applies to the user's very next request. Impersonations started
   * under the old role end with it: those the user runs when they lose rank, those of the user
   * when they gain it (an admin may not be impersonated by a plain admin, a super admin by anyone).
   */
  async changeRole(auth: AuthContext, userId: string, role: Role): Promise<AdminUserSummary> {
    const actor = actingPerson(auth);
    if (userId === actor.id) throw AppException.forbidden(ErrorCode.ROLE_CHANGE_SELF);
    return this.db.transaction(async (manager) => {
      const users = manager.getRepository(User);
      const user = await users.findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw AppException.notFound(ErrorCode.USER_NOT_FOUND);
      const from = user.role;
      if (from !== role) {
        await users.update({ id: userId }, { role });
        await this.audit.record(
          { action: 'user.role_changed', teamId: auth.teamId, actor, entityType: 'user', entityId: userId, details: { from, to: role } },
          manager,
        );
        if (ROLE_RANK[role] < ROLE_RANK[from]) await this.impersonationEvents.endForImpersonator(userId, manager);
        if (ROLE_RANK[role] > ROLE_RANK[from]) await this.impersonationEvents.endForImpersonatedUser(userId, manager);
      }
      return { id: user.id, email: user.email, name: fullName(user), role };
    });
  }
}
