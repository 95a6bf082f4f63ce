/**
 * Every TanStack Query key of the app, in one place. Features build their query options from these
 * (`features/<feature>/api/`), and a mutation in one feature refreshes another feature's data by key
 * from here (a new comment refreshes the audit log) without importing that feature.
 *
 * A key without parameters is a constant, one with parameters a function. Keys are hierarchical:
 * invalidating `queryKeys.leads.lists` refreshes every page and filter of the leads list,
 * `queryKeys.auditLogs.all` every page of the audit log.
 */
const BUSINESSES = ['businesses'] as const;
const LEADS = ['leads'] as const;
const AUDIT_LOGS = ['audit-logs'] as const;
const ADMIN_TEAMS = ['admin', 'teams'] as const;
const TEAM = ['team'] as const;

export const queryKeys = {
  teams: {
    /** The signed-in person's teams. */
    mine: ['teams'] as const,
  },

  /** What is read about one team: its settings, members and pending invitations. */
  team: {
    settings: (teamId: string) => [...TEAM, teamId, 'settings'] as const,
    members: (teamId: string) => [...TEAM, teamId, 'members'] as const,
    invitations: (teamId: string) => [...TEAM, teamId, 'invitations'] as const,
  },

  /** The sign-in step's passkey challenge for one person (a POST, read once when the step opens). */
  signInPasskeyOptions: (userId: string) => ['sign-in', userId, 'passkey-options'] as const,

  /** What an invitation link shows before it is accepted (public). */
  invitation: (token: string) => ['invitation', token] as const,

  businesses: {
    all: BUSINESSES,
    lists: [...BUSINESSES, 'list'] as const,
    list: (params: { page: number; pageSize: number; after?: string }) => [...BUSINESSES, 'list', params] as const,
    detail: (businessId: string) => [...BUSINESSES, 'detail', businessId] as const,
    comments: (businessId: string) => [...BUSINESSES, businessId, 'comments'] as const,
  },

  leads: {
    all: LEADS,
    lists: [...LEADS, 'list'] as const,
    list: (params: { page: number; pageSize: number; businessId?: string; status?: string }) => [...LEADS, 'list', params] as const,
    detail: (leadId: string) => [...LEADS, 'detail', leadId] as const,
    comments: (leadId: string) => [...LEADS, leadId, 'comments'] as const,
  },

  auditLogs: {
    /** Every page: what a change that writes an audit entry invalidates. */
    all: AUDIT_LOGS,
    page: (page: number, after?: string) => [...AUDIT_LOGS, { page, after }] as const,
  },

  profile: {
    /** Who from support accessed my account. */
    impersonationHistory: ['impersonation-history'] as const,
    /** What support did in one session of my history (below the history, so refreshing it refreshes these). */
    supportActions: (impersonationId: string) => ['impersonation-history', impersonationId, 'actions'] as const,
    /** My sign-ins on every device. */
    sessions: ['sessions'] as const,
    /** My two-factor state with the recovery codes left and their last use. */
    twoFactorStatus: ['two-factor-status'] as const,
    /** My passkeys (name, added, last used). */
    passkeys: ['passkeys'] as const,
    /** A challenge for adding a passkey, asked for when the form opens (a POST, used once). */
    passkeyRegistrationOptions: ['passkeys', 'registration-options'] as const,
    /** A challenge for confirming a sensitive action with a passkey, asked for when its dialog opens. */
    stepUpPasskeyOptions: ['passkeys', 'step-up-options'] as const,
  },

  /** Requests for support access concerning me or a team I own; the navigation's count reads the same list. */
  accessRequests: ['access-requests'] as const,

  admin: {
    teams: {
      all: ADMIN_TEAMS,
      list: (params: { search: string; page: number; pageSize: number }) => [...ADMIN_TEAMS, params] as const,
    },
    activeImpersonations: ['admin', 'impersonations', 'active'] as const,
    /** What support did in one session, as an admin reads it. */
    impersonationActions: (impersonationId: string) => ['admin', 'impersonations', impersonationId, 'actions'] as const,
    /** The access requests the signed-in admin made. */
    myAccessRequests: ['admin', 'access-requests'] as const,
  },

  devMailbox: ['dev-mailbox'] as const,
};
