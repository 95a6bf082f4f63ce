import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CurrentUser, TeamRole } from '@vantage/contracts';
import { DataSource } from 'typeorm';
import { fullName, type AuthContext } from '../auth/auth-context';

@Injectable()
export class UsersService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The `GET /auth/me` shape for a request's caller. */
  async describe(auth: AuthContext): Promise<CurrentUser> {
    const team = auth.teamId
      ? (
          await this.db.query(
            `SELECT t.id, t.name, m.role FROM teams t JOIN team_members m ON m.team_id = t.id AND m.user_id = $2 WHERE t.id = $1`,
            [auth.teamId, auth.user.id],
          )
        )[0]
      : undefined;
    const admin = auth.impersonation?.impersonator;
    return {
      id: auth.user.id,
      email: auth.user.email,
      firstName: auth.user.firstName,
      lastName: auth.user.lastName,
      role: auth.user.role,
      currentTeam: team ? { id: team.id, name: team.name, role: team.role as TeamRole } : null,
      impersonationAllowed: auth.user.impersonationAllowed,
      isTwoFactorEnabled: auth.user.isTwoFactorEnabled,
      twoFactorMethod: auth.user.twoFactorMethod,
      impersonatedBy: admin ? { id: admin.id, name: fullName(admin), email: admin.email } : null,
      impersonationExpiresAt: auth.impersonation ? auth.impersonation.expiresAt.toISOString() : null,
    };
  }
}
