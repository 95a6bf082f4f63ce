import {
  ErrorCode,
  messageForErrorCode,
  RESTRICTED_ACTIONS,
  type AccessRequest,
  type ActiveImpersonation,
  type AdminTeamRow,
  type AuthResponse,
  type Business,
  type Comment,
  type CurrentUser,
  type ImpersonationHistoryEntry,
  type InvitationPreview,
  type Lead,
  type CappedPage,
  type PendingInvitation,
  type Restrictions,
  type SignInSession,
  type SupportAction,
  type SupportSession,
  type TeamMember,
  type TeamSettings,
  type TeamSummary,
} from '@vantage/contracts';

export function buildTeam(overrides: Partial<TeamSummary> = {}): TeamSummary {
  return { id: 'team-acme', name: 'Acme', role: 'owner', ...overrides };
}

/** Acme's settings as `GET /teams/:id` answers them: support may enter as in SPEC §4 (the default). */
export function buildTeamSettings(overrides: Partial<TeamSettings> = {}): TeamSettings {
  return { id: 'team-acme', name: 'Acme', requireTwoFactor: false, supportAccess: 'allowed', ...overrides };
}

/** What `/auth/me` lists during an impersonation: every restricted action, refused with FORBIDDEN_DURING_IMPERSONATION. */
export function restrictionsDuringImpersonation(): Restrictions {
  const code = ErrorCode.FORBIDDEN_DURING_IMPERSONATION;
  const message = messageForErrorCode(code);
  if (!message) throw new Error(`The error catalogue has no sentence for ${code}`);
  return Object.fromEntries(RESTRICTED_ACTIONS.map((action) => [action, { code, message }]));
}

/**
 * The current user as the API describes them. Like the API, a user with `impersonatedBy` gets the
 * restrictions of an impersonation unless the test gives its own `restrictions`.
 */
export function buildUser(overrides: Partial<CurrentUser> = {}): CurrentUser {
  return {
    id: 'user-ada',
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    role: 'user',
    currentTeam: buildTeam(),
    impersonationAllowed: true,
    isTwoFactorEnabled: false,
    twoFactorMethod: null,
    impersonatedBy: null,
    impersonationExpiresAt: null,
    impersonationMode: overrides.impersonatedBy ? 'write' : null,
    supportSession: null,
    restrictions: overrides.impersonatedBy ? restrictionsDuringImpersonation() : {},
    twoFactorRequiredBy: null,
    ...overrides,
  };
}

export function buildAuth(user: CurrentUser = buildUser(), accessToken = 'access-token-1'): AuthResponse {
  return { accessToken, user };
}

/** A Teams List row whose owner may be impersonated (`impersonationBlockedReason` null). */
export function buildAdminTeamRow(overrides: Partial<AdminTeamRow> = {}): AdminTeamRow {
  return {
    id: 'team-acme',
    name: 'Acme',
    owner: { id: 'user-ada', name: 'Ada Lovelace', email: 'ada@example.com', role: 'user', impersonationAllowed: true },
    memberCount: 3,
    createdAt: '2026-03-12T09:30:00.000Z',
    impersonationBlockedReason: null,
    supportAccess: 'allowed',
    accessGrant: null,
    pendingAccessRequestId: null,
    ...overrides,
  };
}

/** A running impersonation: Sam Support working as Ada in Acme, 20 minutes left. */
export function buildActiveImpersonation(overrides: Partial<ActiveImpersonation> = {}): ActiveImpersonation {
  const startedAt = Date.now() - 10 * 60_000;
  return {
    id: 'impersonation-1',
    impersonator: { id: 'admin-sam', name: 'Sam Support', email: 'sam@vantage.test' },
    impersonated: { id: 'user-ada', name: 'Ada Lovelace', email: 'ada@example.com' },
    team: { id: 'team-acme', name: 'Acme' },
    reason: 'Ticket 4821: leads import',
    startedAt: new Date(startedAt).toISOString(),
    expiresAt: new Date(startedAt + 30 * 60_000).toISOString(),
    endedAt: null,
    endReason: null,
    mode: 'write',
    actionCount: 0,
    ...overrides,
  };
}

/** One page of a list answer (`GET /businesses`, `/leads`, `/audit-logs`…). */
export function buildPage<T>(items: T[], overrides: Partial<CappedPage<T>> = {}): CappedPage<T> {
  return { items, total: items.length, totalIsCapped: false, page: 1, pageSize: 20, ...overrides };
}

export function buildBusiness(overrides: Partial<Business> = {}): Business {
  return {
    id: 'business-harbor',
    name: 'Harbor Freight Co',
    description: 'Shipping partner on the east coast.',
    createdAt: '2026-03-12T09:30:00.000Z',
    updatedAt: '2026-03-12T09:30:00.000Z',
    ...overrides,
  };
}

export function buildLead(overrides: Partial<Lead> = {}): Lead {
  return {
    id: 'lead-jordan',
    name: 'Jordan Lee',
    email: 'jordan@harbor.example',
    status: 'new',
    businessId: 'business-harbor',
    createdAt: '2026-03-12T10:00:00.000Z',
    updatedAt: '2026-03-12T10:00:00.000Z',
    ...overrides,
  };
}

export function buildComment(overrides: Partial<Comment> = {}): Comment {
  const authorName = overrides.authorName ?? 'Ada Lovelace';
  return {
    id: 'comment-1',
    text: 'Called them; they want a quote by Friday.',
    author: { id: 'user-ada', name: authorName },
    authorName,
    isImpersonated: false,
    createdAt: '2026-03-12T11:00:00.000Z',
    ...overrides,
  };
}

/** A member of a team as `GET /teams/:id/members` lists them: Ada, owner, with two-factor on. */
export function buildTeamMember(overrides: Partial<TeamMember> = {}): TeamMember {
  return {
    user: { id: 'user-ada', name: 'Ada Lovelace', email: 'ada@example.com' },
    role: 'owner',
    joinedAt: '2026-03-12T09:30:00.000Z',
    isTwoFactorEnabled: true,
    ...overrides,
  };
}

/** An invitation waiting for an answer, sent by Ada, expiring in 6 days. */
export function buildPendingInvitation(overrides: Partial<PendingInvitation> = {}): PendingInvitation {
  return {
    id: 'invitation-1',
    email: 'grace@example.com',
    role: 'member',
    invitedBy: { name: 'Ada Lovelace' },
    expiresAt: new Date(Date.now() + 6 * 24 * 3_600_000).toISOString(),
    ...overrides,
  };
}

/** What the invitation link shows: Ada invites grace@example.com (no account yet) to Acme as a member. */
export function buildInvitationPreview(overrides: Partial<InvitationPreview> = {}): InvitationPreview {
  return {
    teamName: 'Acme',
    email: 'grace@example.com',
    role: 'member',
    invitedBy: { name: 'Ada Lovelace' },
    expiresAt: new Date(Date.now() + 6 * 24 * 3_600_000).toISOString(),
    accountExists: false,
    ...overrides,
  };
}

/** One of my sign-ins: Chrome on Linux, this device unless told otherwise. */
export function buildSignInSession(overrides: Partial<SignInSession> = {}): SignInSession {
  return {
    id: 'session-1',
    createdAt: '2026-03-12T09:30:00.000Z',
    lastSeenAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
    ip: '203.0.113.7',
    current: true,
    ...overrides,
  };
}

/** A request for support access waiting for an answer: Sam Support asks Ada in Acme for one hour, read-only. */
export function buildAccessRequest(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    id: 'access-request-1',
    admin: { id: 'admin-sam', name: 'Sam Support', email: 'sam@vantage.test' },
    user: { id: 'user-ada', name: 'Ada Lovelace' },
    team: { id: 'team-acme', name: 'Acme' },
    reason: 'Ticket 4821: leads import',
    mode: 'read',
    durationMinutes: 60,
    status: 'pending',
    createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    decidedAt: null,
    decidedBy: null,
    expiresAt: null,
    ...overrides,
  };
}

/** Someone from support in my account right now (`/auth/me`'s `supportSession`): Sam, read-only, 24 minutes left. */
export function buildSupportSession(overrides: Partial<SupportSession> = {}): SupportSession {
  const startedAt = Date.now() - 6 * 60_000;
  return {
    id: 'impersonation-1',
    impersonator: { name: 'Sam Support' },
    startedAt: new Date(startedAt).toISOString(),
    expiresAt: new Date(startedAt + 30 * 60_000).toISOString(),
    mode: 'read',
    ...overrides,
  };
}

/** An entry of my support access history: Sam's finished read-only visit with 3 actions. */
export function buildImpersonationHistoryEntry(overrides: Partial<ImpersonationHistoryEntry> = {}): ImpersonationHistoryEntry {
  return {
    id: 'impersonation-1',
    impersonator: { name: 'Sam Support', email: 'sam@vantage.test' },
    startedAt: '2026-03-12T09:30:00.000Z',
    endedAt: '2026-03-12T09:42:00.000Z',
    expiresAt: '2026-03-12T10:00:00.000Z',
    endReason: 'cancelled',
    reason: 'Ticket 4821: leads import',
    mode: 'read',
    actionCount: 3,
    ...overrides,
  };
}

/** One request support made in a session: a read of the businesses list, answered 200. */
export function buildSupportAction(overrides: Partial<SupportAction> = {}): SupportAction {
  return { at: '2026-03-12T09:31:00.000Z', method: 'GET', path: '/api/businesses', status: 200, ...overrides };
}
