import { AuditLog } from '../audit/audit-log.entity';
import { AuthSession } from '../auth/auth-session.entity';
import { Business } from '../crm/business.entity';
import { BusinessComment, LeadComment } from '../crm/comment.entity';
import { Lead } from '../crm/lead.entity';
import { Impersonation } from '../impersonation/impersonation.entity';
import { Team } from '../teams/team.entity';
import { TeamMember } from '../teams/team-member.entity';
import { EmailCode } from '../two-factor/email-code.entity';
import { Passkey, PasskeyChallenge } from '../two-factor/passkey.entity';
import { RecoveryCode } from '../two-factor/recovery-code.entity';
import { User } from '../users/user.entity';
import { InitialSchema1763800000000 } from './migrations/1763800000000-InitialSchema';
import { TeamsListSearchDocument1795389316907 } from './migrations/1795389316907-TeamsListSearchDocument';
import { PasswordAttemptsByEmail1795400000000 } from './migrations/1795400000000-PasswordAttemptsByEmail';
import { MembersInvitationsAndRecovery1796000000000 } from './migrations/1796000000000-MembersInvitationsAndRecovery';
import { SupportAccessCustomerControls1797000000000 } from './migrations/1797000000000-SupportAccessCustomerControls';
import { ImpersonationReturnGuard1797100000000 } from './migrations/1797100000000-ImpersonationReturnGuard';
import { Passkeys1797200000000 } from './migrations/1797200000000-Passkeys';
import { ImpersonationNoticeOutbox1797400000000 } from './migrations/1797400000000-ImpersonationNoticeOutbox';

/** Listed as classes, not globs: globs break between the tsc build and the tests' SWC transform. */
export const ENTITIES = [
  User,
  Team,
  TeamMember,
  Business,
  Lead,
  BusinessComment,
  LeadComment,
  AuditLog,
  Impersonation,
  AuthSession,
  EmailCode,
  RecoveryCode,
  Passkey,
  PasskeyChallenge,
];

export const MIGRATIONS = [
  InitialSchema1763800000000,
  TeamsListSearchDocument1795389316907,
  PasswordAttemptsByEmail1795400000000,
  MembersInvitationsAndRecovery1796000000000,
  SupportAccessCustomerControls1797000000000,
  ImpersonationReturnGuard1797100000000,
  Passkeys1797200000000,
  ImpersonationNoticeOutbox1797400000000,
];
