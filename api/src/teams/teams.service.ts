import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ErrorCode,
  fullName,
  type SupportAccessPolicy,
  type TeamMember as TeamMemberShape,
  type TeamRequiringTwoFactor,
  type TeamRole,
  type TeamSettings,
  type TeamSummary,
} from '@vantage/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthContext } from '../auth/auth-context';
import { SessionIssuer, type IssuedSession } from '../auth/session-issuer';
import { assertTeamTwoFactorSatisfied } from '../auth/team-two-factor';
import { SessionService } from '../auth/session.service';
import { AppException } from '../common/app-exception';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailService } from '../mail/mail.service';
import { removedFromTeamMail } from '../mail/messages';
import { UsersRepository } from '../users/users.repository';
import { SupportAccessTightening } from './support-access-tightening.port';
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
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
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

  /** Work in another of my teams: the session and the user's current team change together, and new tokens carry it. */
  async switchTeam(auth: AuthContext, teamId: string): Promise<IssuedSession> {
    // Switching into a team that requires 2FA is allowed: its data then asks for 2FA, and the web app says so.
    await this.requireMember(auth, teamId, this.db.manager, { teamData: false });
    await this.db.transaction(async (manager) => {
      await this.workIn(auth, teamId, manager);
      await this.audit.record(
        { action: 'team.switched', teamId, actor: auth, entityType: 'team', entityId: teamId, details: { fromTeamId: auth.teamId } },
        manager,
      );
    });
    return this.issuer.issue(auth.sessionId, auth.user.id, null);
  }

  /** The session and the user's current team move to `teamId` together (switching, or joining by invitation). */
  async workIn(auth: AuthContext, teamId: string, manager: EntityManager): Promise<void> {
    await this.sessions.setTeam(auth.sessionId, teamId, manager);
    await this.users.setCurrentTeam(auth.user.id, teamId, manager);
  }

  // --- Members (SPEC §8) ---

  /**
   * The caller's role in the team; 404 TEAM_NOT_FOUND for a team they are not in (other teams look
   * like missing ones). Reading or managing the team's data is held to team-wide two-factor (403
   * TEAM_REQUIRES_TWO_FACTOR, the rule in auth/team-two-factor.ts): the routes that stay open to a
   * member without 2FA (switching to the team, its settings, leaving) say `teamData: false`.
   */
  async requireMember(
    auth: AuthContext,
    teamId: string,
    manager: EntityManager = this.db.manager,
    { teamData = true }: { teamData?: boolean } = {},
  ): Promise<TeamRole> {
    const [row] = await manager.query<{ role: TeamRole; name: string; require_two_factor: boolean }[]>(
      `SELECT m.role, t.name, t.require_two_factor FROM team_members m JOIN teams t ON t.id = m.team_id
        WHERE m.team_id = $1 AND m.user_id = $2`,
      [teamId, auth.user.id],
    );
    if (!row) throw AppException.notFound(ErrorCode.TEAM_NOT_FOUND);
    if (teamData) assertTeamTwoFactorSatisfied(auth, { id: teamId, name: row.name, requireTwoFactor: row.require_two_factor });
    return row.role;
  }

  /** Owners only: 404 for a non-member, 403 TEAM_OWNER_REQUIRED for a member (and team-wide two-factor, as requireMember). */
  async requireOwner(auth: AuthContext, teamId: string, manager: EntityManager = this.db.manager): Promise<void> {
    if ((await this.requireMember(auth, teamId, manager)) !== 'owner') throw AppException.forbidden(ErrorCode.TEAM_OWNER_REQUIRED);
  }

  /** One of the user's teams that requires two-factor authentication of its members, or null (team-wide two-factor). */
  async teamRequiringTwoFactorFor(userId: string): Promise<TeamRequiringTwoFactor | null> {
    const [row] = await this.db.query<{ id: string; name: string }[]>(
      `SELECT t.id, t.name FROM team_members m JOIN teams t ON t.id = m.team_id
        WHERE m.user_id = $1 AND t.require_two_factor ORDER BY t.created_at, t.id LIMIT 1`,
      [userId],
    );
    return row ? { teamId: row.id, teamName: row.name } : null;
  }

  async settings(teamId: string, manager: EntityManager = this.db.manager): Promise<TeamSettings> {
    const [row] = await manager.query<{ id: string; name: string; require_two_factor: boolean; support_access: SupportAccessPolicy }[]>(
      `SELECT id, name, require_two_factor, support_access FROM teams WHERE id = $1`,
      [teamId],
    );
    if (!row) throw AppException.notFound(ErrorCode.TEAM_NOT_FOUND);
    return { id: row.id, name: row.name, requireTwoFactor: row.require_two_factor, supportAccess: row.support_access };
  }

  /**
   * Owners rename the team, require two-factor of its members, or change its support access policy;
   * the answer is the team's settings. Requiring 2FA needs the owner's own 2FA on (400
   * TWO_FACTOR_REQUIRED_FIRST). A tighter support policy ends, in the same transaction (the team row
   * locked, so no start slips between), the support sessions running in the team that it would not let start.
   */
  async update(
    auth: AuthContext,
    teamId: string,
    changes: { name?: string; requireTwoFactor?: boolean; supportAccess?: SupportAccessPolicy },
  ): Promise<TeamSettings> {
    // Checked before taking the team's lock too, so nobody but an owner ever holds it.
    await this.requireOwner(auth, teamId);
    if (changes.requireTwoFactor === true && !auth.user.isTwoFactorEnabled) {
      throw new AppException(ErrorCode.TWO_FACTOR_REQUIRED_FIRST, HttpStatus.BAD_REQUEST);
    }
    return this.db.transaction(async (manager) => {
      await this.lockTeam(teamId, manager);
      await this.requireOwner(auth, teamId, manager);
      const before = await this.settings(teamId, manager);
      if (changes.name !== undefined && changes.name !== before.name) {
        await manager.query(`UPDATE teams SET name = $2 WHERE id = $1`, [teamId, changes.name]);
        await this.audit.record(
          {
            action: 'team.updated',
            teamId,
            actor: auth,
            entityType: 'team',
            entityId: teamId,
            details: { name: { from: before.name, to: changes.name } },
          },
          manager,
        );
      }
      const required = changes.requireTwoFactor;
      if (required !== undefined && required !== before.requireTwoFactor) {
        await manager.query(`UPDATE teams SET require_two_factor = $2 WHERE id = $1`, [teamId, required]);
        await this.audit.record(
          {
            action: 'team.two_factor_requirement_changed',
            teamId,
            actor: auth,
            entityType: 'team',
            entityId: teamId,
            details: { from: before.requireTwoFactor, to: required },
          },
          manager,
        );
      }
      const policy = changes.supportAccess;
      if (policy !== undefined && policy !== before.supportAccess) {
        await manager.query(`UPDATE teams SET support_access = $2 WHERE id = $1`, [teamId, policy]);
        await this.audit.record(
          {
            action: 'team.support_access_changed',
            teamId,
            actor: auth,
            entityType: 'team',
            entityId: teamId,
            details: { from: before.supportAccess, to: policy },
          },
          manager,
        );
        if (POLICY_STRICTNESS[policy] > POLICY_STRICTNESS[before.supportAccess]) {
          await this.supportAccessTightening().endSessionsNotAllowedBy(teamId, policy, auth, manager);
        }
      }
      return this.settings(teamId, manager);
    });
  }

  /**
   * The impersonation feature's side of a tighter policy. Teams sits below impersonation (which
   * imports it), so TeamsModule cannot import ImpersonationModule: the port is looked up in the
   * application when it is first needed instead of injected.
   */
  private supportAccessTightening(): SupportAccessTightening {
    return this.moduleRef.get(SupportAccessTightening, { strict: false });
  }

  async members(auth: AuthContext, teamId: string): Promise<TeamMemberShape[]> {
    await this.requireMember(auth, teamId);
    const rows = await this.db.query<MemberRow[]>(`${MEMBER_SELECT} WHERE m.team_id = $1 ORDER BY m.created_at, m.user_id`, [teamId]);
    return rows.map(toMember);
  }

  /** Adds a member (an accepted invitation); someone who already belongs keeps their role. */
  async addMember(teamId: string, userId: string, role: TeamRole, manager: EntityManager): Promise<void> {
    await manager.query(`INSERT INTO team_members (team_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT (team_id, user_id) DO NOTHING`, [
      teamId,
      userId,
      role,
    ]);
  }

  async isMemberByEmail(teamId: string, email: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      `SELECT 1 FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = $1 AND lower(u.email) = lower($2)`,
      [teamId, email],
    );
    return rows.length > 0;
  }

  /** An owner changes a member's role; the last owner cannot be demoted (409 LAST_OWNER). */
  async changeRole(auth: AuthContext, teamId: string, userId: string, role: TeamRole): Promise<TeamMemberShape> {
    return this.db.transaction(async (manager) => {
      await this.lockTeam(teamId, manager);
      await this.requireOwner(auth, teamId, manager);
      const member = await this.findMember(teamId, userId, manager);
      if (member.role !== role) {
        if (member.role === 'owner') await this.assertAnotherOwner(teamId, userId, manager);
        await manager.query(`UPDATE team_members SET role = $3 WHERE team_id = $1 AND user_id = $2`, [teamId, userId, role]);
        await this.audit.record(
          {
            action: 'team.member_role_changed',
            teamId,
            actor: auth,
            entityType: 'user',
            entityId: userId,
            details: { userId, from: member.role, to: role },
          },
          manager,
        );
      }
      return toMember({ ...member, role });
    });
  }

  /**
   * An owner removes anyone, or a member leaves (removes themselves). The last owner can do
   * neither (409 LAST_OWNER). The person's sessions in this team are refused from their next
   * request (the session check reads membership); their current team moves to another of theirs.
   */
  async removeMember(auth: AuthContext, teamId: string, userId: string): Promise<void> {
    const leaving = userId === auth.user.id;
    await this.db.transaction(async (manager) => {
      await this.lockTeam(teamId, manager);
      // Leaving stays open to someone without 2FA in a team that requires it: they may prefer to go.
      if (leaving) await this.requireMember(auth, teamId, manager, { teamData: false });
      else await this.requireOwner(auth, teamId, manager);
      const member = await this.findMember(teamId, userId, manager);
      if (member.role === 'owner') await this.assertAnotherOwner(teamId, userId, manager);
      await manager.query(`DELETE FROM team_members WHERE team_id = $1 AND user_id = $2`, [teamId, userId]);
      await this.users.moveOffTeam(userId, teamId, manager);
      await this.audit.record(
        {
          action: leaving ? 'team.member_left' : 'team.member_removed',
          teamId,
          actor: auth,
          entityType: 'user',
          entityId: userId,
          details: { userId, email: member.email },
        },
        manager,
      );
      if (!leaving) {
        const [team] = await manager.query<{ name: string }[]>(`SELECT name FROM teams WHERE id = $1`, [teamId]);
        await this.mail.queue(removedFromTeamMail(member.email, team.name, this.config.appUrl), manager);
      }
    });
  }

  /**
   * Serialises changes to a team's members and invitations, so two owners cannot both step down at
   * once and two invitations of one email cannot both be the open one.
   */
  async lockTeam(teamId: string, manager: EntityManager): Promise<void> {
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM teams WHERE id = $1 FOR UPDATE`, [teamId]);
    if (!rows.length) throw AppException.notFound(ErrorCode.TEAM_NOT_FOUND);
  }

  private async findMember(teamId: string, userId: string, manager: EntityManager): Promise<MemberRow> {
    const [row] = await manager.query<MemberRow[]>(`${MEMBER_SELECT} WHERE m.team_id = $1 AND m.user_id = $2`, [teamId, userId]);
    if (!row) throw AppException.notFound(ErrorCode.MEMBER_NOT_FOUND);
    return row;
  }

  private async assertAnotherOwner(teamId: string, userId: string, manager: EntityManager): Promise<void> {
    const others = await manager.query<unknown[]>(
      `SELECT 1 FROM team_members WHERE team_id = $1 AND role = 'owner' AND user_id <> $2 LIMIT 1`,
      [teamId, userId],
    );
    if (!others.length) throw new AppException(ErrorCode.LAST_OWNER, HttpStatus.CONFLICT);
  }
}

/** How much each policy keeps support out: a change up this scale ends sessions, one down never does. */
const POLICY_STRICTNESS: Record<SupportAccessPolicy, number> = { allowed: 0, approval: 1, never: 2 };

interface MemberRow {
  user_id: string;
  first_name: string;
  last_name: string;
  email: string;
  role: TeamRole;
  created_at: Date;
  is_two_factor_enabled: boolean;
}

const MEMBER_SELECT = `SELECT m.user_id, u.first_name, u.last_name, u.email, m.role, m.created_at, u.is_two_factor_enabled
  FROM team_members m JOIN users u ON u.id = m.user_id`;

function toMember(row: MemberRow): TeamMemberShape {
  return {
    user: { id: row.user_id, name: fullName({ firstName: row.first_name, lastName: row.last_name }), email: row.email },
    role: row.role,
    joinedAt: row.created_at.toISOString(),
    isTwoFactorEnabled: row.is_two_factor_enabled,
  };
}
