import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode, type TeamRole, type TeamSummary } from '@vantage/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthContext } from '../auth/auth-context';
import { SessionIssuer, type IssuedSession } from '../auth/session-issuer';
import { SessionService } from '../auth/session.service';
import { AppException } from '../common/app-exception';
import { UsersRepository } from '../users/users.repository';
import { Team } from './team.entity';
import { TeamMember } from './team-member.entity';

/** Teams and their members: the owner of `teams` and `team_members`. */
@Injectable()
export class TeamsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
    private readonly issuer: SessionIssuer,
    private readonly users: UsersRepository,
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
    const rows: { role: TeamRole }[] = await this.db.query(`SELECT role FROM team_members WHERE team_id = $1 AND user_id = $2`, [
      teamId,
      userId,
    ]);
    if (!rows[0]) throw AppException.notFound(ErrorCode.TEAM_NOT_FOUND);
    return rows[0].role;
  }

  /** Work in another of my teams: the session and the user's current team change together, and new tokens carry it. */
  async switchTeam(auth: AuthContext, teamId: string): Promise<IssuedSession> {
    await this.requireMembership(auth.user.id, teamId);
    await this.db.transaction(async (manager) => {
      await this.sessions.setTeam(auth.sessionId, teamId, manager);
      await this.users.setCurrentTeam(auth.user.id, teamId, manager);
      await this.audit.record(
        { action: 'team.switched', teamId, actor: auth, entityType: 'team', entityId: teamId, details: { fromTeamId: auth.teamId } },
        manager,
      );
    });
    return this.issuer.issue(auth.sessionId, auth.user.id, null);
  }
}
