import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode, type TeamRole, type TeamSummary } from '@vantage/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthContext } from '../auth/auth-context';
import { AppException } from '../common/app-exception';
import { Team } from './team.entity';
import { TeamMember } from './team-member.entity';

@Injectable()
export class TeamsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async listMine(userId: string): Promise<TeamSummary[]> {
    const rows: { id: string; name: string; role: TeamRole }[] = await this.db.query(
      `SELECT t.id, t.name, m.role FROM team_members m JOIN teams t ON t.id = m.team_id
        WHERE m.user_id = $1 ORDER BY t.created_at, t.id`,
      [userId],
    );
    return rows;
  }

  /** Creates a team owned by `userId` inside the caller's transaction. */
  async createOwned(manager: EntityManager, userId: string, name: string): Promise<Team> {
    const team = await manager.getRepository(Team).save(manager.getRepository(Team).create({ name }));
    await manager.getRepository(TeamMember).insert({ teamId: team.id, userId, role: 'owner' });
    return team;
  }

  async create(auth: AuthContext, name: string): Promise<TeamSummary> {
    return this.db.transaction(async (manager) => {
      const team = await this.createOwned(manager, auth.user.id, name);
      await this.audit.record(
        { action: 'team.created', teamId: team.id, actor: auth, entityType: 'team', entityId: team.id, details: { name } },
        manager,
      );
      return { id: team.id, name: team.name, role: 'owner' as const };
    });
  }

  /** The caller's role in a team, or a 404 that does not tell other teams apart from missing ones. */
  async requireMembership(userId: string, teamId: string): Promise<TeamRole> {
    const rows: { role: TeamRole }[] = await this.db.query(
      `SELECT role FROM team_members WHERE team_id = $1 AND user_id = $2`,
      [teamId, userId],
    );
    if (!rows[0]) throw AppException.notFound(ErrorCode.TEAM_NOT_FOUND);
    return rows[0].role;
  }
}
