import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ErrorCode,
  fullName,
  INVITATION_DAYS,
  type Invitation,
  type InvitationPreview,
  type PendingInvitation,
  type TeamRole,
} from '@vantage/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { personActing, type ActingPerson, type AuthContext } from '../auth/auth-context';
import { PasswordService } from '../auth/password.service';
import { SessionIssuer, type IssuedSession } from '../auth/session-issuer';
import { type SessionClient, SessionService } from '../auth/session.service';
import { AppException } from '../common/app-exception';
import { linkTokenHash, newLinkToken } from '../common/link-token';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailService } from '../mail/mail.service';
import { invitationMail } from '../mail/messages';
import { UsersRepository } from '../users/users.repository';
import { TeamsService } from './teams.service';

interface InvitationRow {
  id: string;
  team_id: string;
  team_name: string;
  email: string;
  role: TeamRole;
  expires_at: Date;
  inviter_first_name: string | null;
  inviter_last_name: string | null;
}

/** The invitation a link names, while it is open: not accepted, not withdrawn or replaced, not expired. */
const OPEN_INVITATION = `SELECT i.id, i.team_id, t.name AS team_name, i.email, i.role, i.expires_at,
         u.first_name AS inviter_first_name, u.last_name AS inviter_last_name
    FROM team_invitations i
    JOIN teams t ON t.id = i.team_id
    LEFT JOIN users u ON u.id = i.invited_by_id
   WHERE i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()`;

function inviterName(row: InvitationRow): string {
  return row.inviter_first_name !== null
    ? fullName({ firstName: row.inviter_first_name, lastName: row.inviter_last_name ?? '' })
    : 'A former member';
}

/**
 * Invitations to a team by emailed link (SPEC §8), the owner of `team_invitations`. A link works
 * once, for 7 days; inviting the same email again replaces it; withdrawing it ends it (see
 * common/link-token.ts for how links are made and stored).
 */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly teams: TeamsService,
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
    private readonly issuer: SessionIssuer,
    private readonly audit: AuditService,
    private readonly mail: MailService,
  ) {}

  /** An owner invites an email; a pending invitation of the same email is replaced (its link stops working). */
  async invite(auth: AuthContext, teamId: string, email: string, role: TeamRole): Promise<Invitation> {
    await this.teams.requireOwner(auth, teamId);
    if (await this.teams.isMemberByEmail(teamId, email)) throw new AppException(ErrorCode.ALREADY_MEMBER, HttpStatus.CONFLICT);
    const { token, hash } = newLinkToken();
    const invitation = await this.db.transaction(async (manager) => {
      // Invitations of one email at once (a double click): each waits for the one before, then replaces it.
      await this.teams.lockTeam(teamId, manager);
      await manager.query(
        `UPDATE team_invitations SET revoked_at = now()
          WHERE team_id = $1 AND lower(email) = lower($2) AND accepted_at IS NULL AND revoked_at IS NULL`,
        [teamId, email],
      );
      const [row] = await manager.query<{ id: string; expires_at: Date }[]>(
        `INSERT INTO team_invitations (team_id, email, role, token_hash, invited_by_id, expires_at)
         VALUES ($1, $2, $3, $4, $5, now() + make_interval(days => $6))
         RETURNING id, expires_at`,
        [teamId, email, role, hash, auth.user.id, INVITATION_DAYS],
      );
      await this.audit.record(
        { action: 'team.member_invited', teamId, actor: auth, entityType: 'invitation', entityId: row.id, details: { email, role } },
        manager,
      );
      const [team] = await manager.query<{ name: string }[]>(`SELECT name FROM teams WHERE id = $1`, [teamId]);
      // The link exists only in this email: queued with the invitation, it goes out once the mail server takes it.
      await this.mail.queue(
        invitationMail({
          to: email,
          teamName: team.name,
          inviterName: fullName(auth.user),
          role,
          url: `${this.config.appUrl}/invitations/${token}`,
          validDays: INVITATION_DAYS,
        }),
        manager,
      );
      return { id: row.id, email, role, expiresAt: row.expires_at.toISOString() };
    });
    return invitation;
  }

  async pending(auth: AuthContext, teamId: string): Promise<PendingInvitation[]> {
    await this.teams.requireOwner(auth, teamId);
    const rows = await this.db.query<InvitationRow[]>(`${OPEN_INVITATION} AND i.team_id = $1 ORDER BY i.created_at DESC, i.id LIMIT 200`, [
      teamId,
    ]);
    return rows.map((row) => ({
      id: row.id,
      email: row.email,
      role: row.role,
      invitedBy: { name: inviterName(row) },
      expiresAt: row.expires_at.toISOString(),
    }));
  }

  /** An owner withdraws a pending invitation: its link stops working. */
  async withdraw(auth: AuthContext, teamId: string, invitationId: string): Promise<void> {
    await this.teams.requireOwner(auth, teamId);
    await this.db.transaction(async (manager) => {
      const [rows] = await manager.query<[{ email: string; role: TeamRole }[], number]>(
        `UPDATE team_invitations SET revoked_at = now()
          WHERE id = $1 AND team_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL
          RETURNING email, role`,
        [invitationId, teamId],
      );
      if (!rows.length) throw AppException.notFound(ErrorCode.INVITATION_NOT_FOUND);
      await this.audit.record(
        {
          action: 'team.invitation_revoked',
          teamId,
          actor: auth,
          entityType: 'invitation',
          entityId: invitationId,
          details: { email: rows[0].email, role: rows[0].role },
        },
        manager,
      );
    });
  }

  /** What the landing page shows; 404 INVITATION_NOT_FOUND for an unknown, used, withdrawn or expired link. */
  async preview(token: string): Promise<InvitationPreview> {
    const row = await this.findOpen(token);
    return {
      teamName: row.team_name,
      email: row.email,
      role: row.role,
      invitedBy: { name: inviterName(row) },
      expiresAt: row.expires_at.toISOString(),
      accountExists: await this.users.emailTaken(row.email),
    };
  }

  /**
   * Signed in as the invited email: joins the team and works in it from now on (same session, new
   * tokens). 403 INVITATION_EMAIL_MISMATCH when signed in as someone else.
   */
  async acceptSignedIn(auth: AuthContext, token: string): Promise<IssuedSession> {
    const invitation = await this.findOpen(token);
    if (invitation.email.toLowerCase() !== auth.user.email.toLowerCase()) throw AppException.forbidden(ErrorCode.INVITATION_EMAIL_MISMATCH);
    await this.db.transaction(async (manager) => {
      await this.use(invitation, manager);
      await this.teams.addMember(invitation.team_id, auth.user.id, invitation.role, manager);
      await this.teams.workIn(auth, invitation.team_id, manager);
      await this.recordAccepted(invitation, auth, manager);
    });
    return this.issuer.issue(auth.sessionId, auth.user.id, null);
  }

  /**
   * No account for the invited email yet: a new account, member of the team and working in it, with
   * no team of its own, signed in. 409 SIGN_IN_TO_ACCEPT when an account exists.
   */
  async acceptWithNewAccount(
    token: string,
    person: { firstName: string; lastName: string; password: string },
    client: SessionClient,
  ): Promise<IssuedSession> {
    const invitation = await this.findOpen(token);
    if (await this.users.emailTaken(invitation.email)) throw new AppException(ErrorCode.SIGN_IN_TO_ACCEPT, HttpStatus.CONFLICT);
    const passwordHash = await this.passwords.hash(person.password);
    try {
      const { sessionId, userId, refreshToken } = await this.db.transaction(async (manager) => {
        await this.use(invitation, manager);
        const user = await this.users.create(
          { email: invitation.email.toLowerCase(), passwordHash, firstName: person.firstName, lastName: person.lastName },
          manager,
        );
        await this.teams.addMember(invitation.team_id, user.id, invitation.role, manager);
        await this.users.setCurrentTeam(user.id, invitation.team_id, manager);
        const { session, refreshToken } = await this.sessions.create(
          { userId: user.id, kind: 'full', teamId: invitation.team_id, twoFactorAuthenticated: false, client },
          manager,
        );
        await this.audit.record(
          {
            action: 'auth.registered',
            teamId: invitation.team_id,
            actor: personActing(user),
            entityType: 'user',
            entityId: user.id,
            details: { invitationId: invitation.id },
          },
          manager,
        );
        await this.recordAccepted(invitation, personActing(user), manager);
        return { sessionId: session.id, userId: user.id, refreshToken: refreshToken! };
      });
      return this.issuer.issue(sessionId, userId, refreshToken);
    } catch (error) {
      // An account for the email made meanwhile: the unique index decides.
      if ((error as { driverError?: { code?: string } }).driverError?.code === '23505')
        throw new AppException(ErrorCode.SIGN_IN_TO_ACCEPT, HttpStatus.CONFLICT);
      throw error;
    }
  }

  private async findOpen(token: string): Promise<InvitationRow> {
    const [row] = await this.db.query<InvitationRow[]>(`${OPEN_INVITATION} AND i.token_hash = $1`, [linkTokenHash(token)]);
    if (!row) throw AppException.notFound(ErrorCode.INVITATION_NOT_FOUND);
    return row;
  }

  /** Single use: of two acceptances at once, one marks the invitation used and the other finds it gone. */
  private async use(invitation: InvitationRow, manager: EntityManager): Promise<void> {
    const [rows] = await manager.query<[unknown[], number]>(
      `UPDATE team_invitations SET accepted_at = now()
        WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now() RETURNING id`,
      [invitation.id],
    );
    if (!rows.length) throw AppException.notFound(ErrorCode.INVITATION_NOT_FOUND);
  }

  private async recordAccepted(invitation: InvitationRow, person: AuthContext | ActingPerson, manager: EntityManager): Promise<void> {
    await this.audit.record(
      {
        action: 'team.invitation_accepted',
        teamId: invitation.team_id,
        actor: person,
        entityType: 'invitation',
        entityId: invitation.id,
        details: { email: invitation.email, role: invitation.role },
      },
      manager,
    );
  }
}
