import { type Static, type TSchema, Type } from '@sinclair/typebox';
import {
  ACCESS_REQUEST_MAX_MINUTES,
  ACCESS_REQUEST_MIN_MINUTES,
  type AccessRequest,
  type AccessRequestList,
  type ActiveImpersonation,
  type AdminTeamRow,
  type AdminTeamsPage,
  type AdminUserSummary,
  type ApiError,
  type AuditLogEntry,
  type AuthResponse,
  type Business,
  type CappedPage,
  type Comment,
  type CurrentUser,
  type DevMail,
  ErrorCode,
  type ImpersonateResponse,
  type ImpersonationHistoryEntry,
  IMPERSONATION_MODES,
  INVITATION_DAYS,
  type Invitation,
  type InvitationPreview,
  type KeysetPage,
  type Lead,
  LEAD_STATUSES,
  LIST_CURSOR_MAX_LENGTH,
  LIST_TOTAL_CAP,
  PASSKEY_NAME_MAX_LENGTH,
  type Passkey,
  type PasskeyAuthenticationOptions,
  type PasskeyList,
  type PasskeyRegistrationOptions,
  type PendingInvitation,
  type PendingInvitationList,
  type RecoveryCodes,
  type ReturnFromImpersonationResponse,
  RESTRICTED_ACTIONS,
  type SignInSession,
  type SignInSessionList,
  SUPPORT_ACTIONS_MAX,
  type SupportActionList,
  type SupportSession,
  type TeamMember,
  type TeamMemberList,
  type TeamSettings,
  type TeamSummary,
  type TotpSetup,
  type TwoFactorStatus,
} from '@vantage/contracts';

/**
 * The response bodies of the API as JSON schemas for the OpenAPI document, built so that each one's
 * static type is checked against the contracts type the web app reads (the `Same` lines at the end):
 * a field added, removed or retyped on either side fails `npm run typecheck`.
 *
 * OpenAPI 3.0 has neither `const` nor `type: 'null'`, so enums and nullable values have their own
 * builders here rather than TypeBox's unions.
 */

/** A closed object: every property required unless wrapped in `Type.Optional`, nothing else allowed. */
const Obj = <P extends Record<string, TSchema>>(properties: P, description?: string) =>
  Type.Object(properties, { additionalProperties: false, ...(description ? { description } : {}) });

const Enum = <const V extends readonly string[]>(values: V, description?: string) =>
  Type.Unsafe<V[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

const Nullable = <S extends TSchema>(schema: S) =>
  Type.Unsafe<Static<S> | null>({ ...schema, nullable: true, ...(schema.enum ? { enum: [...(schema.enum as unknown[]), null] } : {}) });

const Uuid = Type.String({ format: 'uuid' });
const Email = Type.String({ format: 'email' });
const DateTime = (description?: string) => Type.String({ format: 'date-time', ...(description ? { description } : {}) });
const PageOf = <S extends TSchema>(item: S) =>
  Obj({
    items: Type.Array(item),
    total: Type.Integer({ minimum: 0 }),
    page: Type.Integer({ minimum: 1 }),
    pageSize: Type.Integer({ minimum: 1 }),
  });
/** A page whose total stops at LIST_TOTAL_CAP (contracts CappedPage). */
const CappedPageOf = <S extends TSchema>(item: S) =>
  Obj({
    ...PageOf(item).properties,
    totalIsCapped: Type.Boolean({
      description: `total is exact up to ${LIST_TOTAL_CAP.toLocaleString('en-US')}; above, it is ${LIST_TOTAL_CAP.toLocaleString('en-US')} and this is true (later pages exist while pages come back full)`,
    }),
  });
/** A capped page that can also be read by cursor (contracts KeysetPage). */
const KeysetPageOf = <S extends TSchema>(item: S) =>
  Obj({
    ...CappedPageOf(item).properties,
    nextCursor: Nullable(
      Type.String({
        maxLength: LIST_CURSOR_MAX_LENGTH,
        description: 'pass as `after` for the page that follows this one (opaque); null when nothing follows',
      }),
    ),
  });
const ItemsOf = <S extends TSchema>(item: S) => Obj({ items: Type.Array(item) });

const Role = Enum(['user', 'admin', 'super_admin'] as const);
const TeamRole = Enum(['owner', 'member'] as const);
const TwoFactorMethod = Enum(['email', 'totp'] as const);
const EndReason = Enum(['cancelled', 'expired', 'ended_by_admin', 'ended_by_user', 'revoked'] as const);
const ImpersonationMode = Enum(IMPERSONATION_MODES, 'read: every request but GET/HEAD is refused');
const ErrorCodeSchema = Type.Unsafe<ErrorCode>({ type: 'string', enum: Object.values(ErrorCode) });
const Named = Obj({ id: Uuid, name: Type.String() });
const PersonRef = Obj({ id: Uuid, name: Type.String(), email: Email });

const TeamSummarySchema = Obj({ id: Uuid, name: Type.String(), role: TeamRole });

const Restriction = Obj({ code: ErrorCodeSchema, message: Type.String() });
const RestrictionsSchema = Type.Partial(
  Obj(
    Object.fromEntries(RESTRICTED_ACTIONS.map((action) => [action, Restriction])) as Record<
      (typeof RESTRICTED_ACTIONS)[number],
      typeof Restriction
    >,
  ),
);

const SupportSessionSchema = Obj(
  {
    id: Uuid,
    impersonator: Obj({ name: Type.String() }),
    startedAt: DateTime(),
    expiresAt: DateTime(),
    mode: ImpersonationMode,
  },
  'Someone from support in my account right now (the latest started)',
);

const CurrentUserSchema = Obj(
  {
    id: Uuid,
    email: Email,
    firstName: Type.String(),
    lastName: Type.String(),
    role: Role,
    currentTeam: Nullable(TeamSummarySchema),
    impersonationAllowed: Type.Boolean(),
    isTwoFactorEnabled: Type.Boolean(),
    twoFactorMethod: Nullable(TwoFactorMethod),
    impersonatedBy: Nullable(PersonRef),
    impersonationExpiresAt: Nullable(DateTime()),
    impersonationMode: Nullable(ImpersonationMode),
    supportSession: Nullable(SupportSessionSchema),
    restrictions: RestrictionsSchema,
    twoFactorRequiredBy: Nullable(
      Obj(
        { teamId: Uuid, teamName: Type.String() },
        'the current team requires two-factor authentication this user has not turned on: its data answers 403 TEAM_REQUIRES_TWO_FACTOR',
      ),
    ),
  },
  'The current user, team and impersonation state (GET /api/auth/me)',
);

const authResponseProperties = {
  accessToken: Type.String(),
  user: CurrentUserSchema,
  twoFactorRequired: Type.Optional(Type.Boolean({ description: 'true: the token reaches only the 2FA step' })),
  twoFactorLockedUntil: Type.Optional(
    Nullable(DateTime('with twoFactorRequired: until when too many wrong codes lock the 2FA step, else null')),
  ),
};
const AuthResponseSchema = Obj(authResponseProperties);

const TeamMemberSchema = Obj({
  user: PersonRef,
  role: TeamRole,
  joinedAt: DateTime(),
  isTwoFactorEnabled: Type.Boolean(),
});

const invitationProperties = { id: Uuid, email: Email, role: TeamRole, expiresAt: DateTime(`${INVITATION_DAYS} days after it was sent`) };
const PendingInvitationSchema = Obj({ ...invitationProperties, invitedBy: Obj({ name: Type.String() }) });

const SignInSessionSchema = Obj({
  id: Uuid,
  createdAt: DateTime(),
  lastSeenAt: DateTime('to within a minute'),
  userAgent: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  current: Type.Boolean({ description: 'the session of this request' }),
});

const BusinessSchema = Obj({
  id: Uuid,
  name: Type.String(),
  description: Nullable(Type.String()),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});

const LeadSchema = Obj({
  id: Uuid,
  name: Type.String(),
  email: Nullable(Email),
  status: Enum(LEAD_STATUSES),
  businessId: Nullable(Uuid),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});

const CommentSchema = Obj({
  id: Uuid,
  text: Type.String(),
  author: Named,
  authorName: Type.String({ description: 'during an impersonation: "Support team (<admin>)"' }),
  isImpersonated: Type.Boolean(),
  createdAt: DateTime(),
});

const AuditLogEntrySchema = Obj({
  id: Uuid,
  action: Type.String({ description: 'an audit action; entries outlive the code that wrote them' }),
  actor: Nullable(Named),
  actorName: Type.String(),
  isImpersonated: Type.Boolean(),
  entityType: Nullable(Type.String()),
  entityId: Nullable(Type.String()),
  createdAt: DateTime(),
  details: Type.Unsafe<Record<string, unknown> | null>({ type: 'object', additionalProperties: true, nullable: true }),
});

const AdminTeamRowSchema = Obj({
  id: Uuid,
  name: Type.String(),
  owner: Nullable(Obj({ id: Uuid, name: Type.String(), email: Email, role: Role, impersonationAllowed: Type.Boolean() })),
  memberCount: Type.Integer({ minimum: 0 }),
  createdAt: DateTime(),
  impersonationBlockedReason: Nullable(
    Type.String({ description: 'the ErrorCode the Impersonate button would be refused with; null: enabled' }),
  ),
  supportAccess: Enum(['allowed', 'approval', 'never'] as const, "the team's support access policy"),
  accessGrant: Nullable(
    Obj(
      { requestId: Uuid, mode: ImpersonationMode, expiresAt: DateTime('the end of the approved window') },
      "the caller's approved, unexpired access to this owner in this team",
    ),
  ),
  pendingAccessRequestId: Nullable(Type.String({ format: 'uuid', description: "the caller's request still waiting for an answer" })),
});

const ImpersonationHistoryEntrySchema = Obj({
  id: Uuid,
  impersonator: Obj({ name: Type.String(), email: Email }),
  startedAt: DateTime(),
  endedAt: Nullable(DateTime()),
  expiresAt: DateTime(),
  endReason: Nullable(EndReason),
  reason: Nullable(Type.String()),
  mode: ImpersonationMode,
  actionCount: Type.Integer({ minimum: 0, description: 'requests made in the session' }),
});

const ActiveImpersonationSchema = Obj({
  id: Uuid,
  impersonator: PersonRef,
  impersonated: PersonRef,
  team: Nullable(Named),
  reason: Nullable(Type.String()),
  startedAt: DateTime(),
  expiresAt: DateTime(),
  endedAt: Nullable(DateTime()),
  endReason: Nullable(EndReason),
  mode: ImpersonationMode,
  actionCount: Type.Integer({ minimum: 0, description: 'requests made in the session' }),
});

const SupportActionSchema = Obj({
  at: DateTime('when the request arrived'),
  method: Type.String(),
  path: Type.String({ description: 'the URL path with its ids and query string (at most 2,048 characters)' }),
  status: Nullable(Type.Integer({ minimum: 100, maximum: 599, description: 'null: never answered (a write cut off)' })),
});

const AccessRequestSchema = Obj({
  id: Uuid,
  admin: PersonRef,
  user: Named,
  team: Named,
  reason: Type.String(),
  mode: ImpersonationMode,
  durationMinutes: Type.Integer({
    minimum: ACCESS_REQUEST_MIN_MINUTES,
    maximum: ACCESS_REQUEST_MAX_MINUTES,
    description: 'asked for when requested; what was granted once approved',
  }),
  status: Enum(
    ['pending', 'approved', 'denied', 'revoked', 'expired'] as const,
    'expired: approved and its window over, or never answered in time',
  ),
  createdAt: DateTime(),
  decidedAt: Nullable(DateTime('the last decision: approval, denial or revocation')),
  decidedBy: Nullable(Named),
  expiresAt: Nullable(DateTime('the end of the approved window (the moment of revocation once revoked); null until approved')),
});

const TwoFactorStatusSchema = Obj({
  enabled: Type.Boolean(),
  method: Nullable(TwoFactorMethod),
  recoveryCodes: Type.Optional(Type.Array(Type.String(), { description: 'only when 2FA was just turned on: shown this once' })),
  recoveryCodesLeft: Type.Optional(Type.Integer({ minimum: 0, description: 'GET only: unused recovery codes of the current set' })),
  recoveryCodeUsedAt: Type.Optional(Nullable(DateTime('GET only: when a code of the current set was last used to sign in'))),
  lockedUntil: Type.Optional(Nullable(DateTime('GET only: until when too many wrong codes lock this account’s codes'))),
  passkeys: Type.Optional(Type.Integer({ minimum: 0, description: 'GET only: how many passkeys the account has' })),
});

const PasskeySchema = Obj({
  id: Uuid,
  name: Type.String({ maxLength: PASSKEY_NAME_MAX_LENGTH }),
  createdAt: DateTime(),
  lastUsedAt: Nullable(DateTime('its last accepted assertion (sign-in or confirmation)')),
});

/** WebAuthn JSON, passed as is to @simplewebauthn/browser: its shape is WebAuthn's, documented there. */
const WebAuthnOptions = <T>(description: string) =>
  Type.Unsafe<T>({
    type: 'object',
    required: ['challenge'],
    properties: { challenge: { type: 'string' } },
    additionalProperties: true,
    description,
  });

/** `{statusCode, code, message}`; VALIDATION_FAILED adds the fields and why, a 500 the request id. */
const ErrorBodySchema = Obj({
  statusCode: Type.Integer({ minimum: 400, maximum: 599 }),
  code: Type.String({ description: 'a stable ErrorCode' }),
  message: Type.String({ description: 'a sentence a person can act on' }),
  errors: Type.Optional(Type.Array(Obj({ field: Type.String(), message: Type.String() }))),
  attemptsLeft: Type.Optional(
    Type.Integer({ minimum: 0, description: 'only on INVALID_TWO_FACTOR_CODE and INVALID_PASSKEY: failed attempts left before the lock' }),
  ),
  details: Type.Optional(
    Obj(
      { teamId: Uuid, teamName: Type.String() },
      'only on TEAM_REQUIRES_TWO_FACTOR and TWO_FACTOR_REQUIRED_BY_TEAM: the team that requires two-factor authentication',
    ),
  ),
  requestId: Type.Optional(Type.String({ description: 'only on 500: the id the server log names' })),
});

export const API_SCHEMAS = {
  errorBody: ErrorBodySchema,
  teamSummary: TeamSummarySchema,
  teamSummaries: Type.Array(TeamSummarySchema),
  currentUser: CurrentUserSchema,
  authResponse: AuthResponseSchema,
  impersonateResponse: Obj({
    ...authResponseProperties,
    impersonation: Obj({
      id: Uuid,
      expiresAt: DateTime('30 minutes after the start, or the end of the access grant if sooner'),
      mode: ImpersonationMode,
    }),
  }),
  returnFromImpersonation: Obj({ ...authResponseProperties, endReason: EndReason }),
  teamSettings: Obj({
    id: Uuid,
    name: Type.String(),
    requireTwoFactor: Type.Boolean(),
    supportAccess: Enum(['allowed', 'approval', 'never'] as const),
  }),
  teamMember: TeamMemberSchema,
  teamMemberList: ItemsOf(TeamMemberSchema),
  invitation: Obj(invitationProperties),
  pendingInvitation: PendingInvitationSchema,
  pendingInvitationList: ItemsOf(PendingInvitationSchema),
  invitationPreview: Obj({
    teamName: Type.String(),
    email: Email,
    role: TeamRole,
    invitedBy: Obj({ name: Type.String() }),
    expiresAt: DateTime(),
    accountExists: Type.Boolean({ description: 'accepting needs signing in as this email' }),
  }),
  signInSession: SignInSessionSchema,
  signInSessionList: ItemsOf(SignInSessionSchema),
  recoveryCodes: Obj({ recoveryCodes: Type.Array(Type.String(), { minItems: 10, maxItems: 10 }) }),
  twoFactorStatus: TwoFactorStatusSchema,
  passkey: PasskeySchema,
  passkeyList: ItemsOf(PasskeySchema),
  passkeyRegistrationOptions: WebAuthnOptions<PasskeyRegistrationOptions>(
    'PublicKeyCredentialCreationOptionsJSON for startRegistration({ optionsJSON }): rp, user, challenge (single use, 5 minutes), pubKeyCredParams, excludeCredentials (my passkeys), authenticatorSelection, attestation "none"',
  ),
  passkeyAuthenticationOptions: WebAuthnOptions<PasskeyAuthenticationOptions>(
    'PublicKeyCredentialRequestOptionsJSON for startAuthentication({ optionsJSON }): challenge (single use, 5 minutes, bound to me and to sign-in or confirmation), rpId, allowCredentials (my passkeys), userVerification',
  ),
  twoFactorOff: Obj({
    enabled: Type.Unsafe<false>({ type: 'boolean', enum: [false] }),
    method: Type.Unsafe<null>({ type: 'string', nullable: true, enum: [null] }),
  }),
  totpSetup: Obj({
    secret: Type.String({ description: 'base32' }),
    otpauthUrl: Type.String({ pattern: '^otpauth://totp/' }),
    qrCodeDataUrl: Type.Optional(Type.String({ pattern: '^data:image/svg\\+xml;base64,' })),
  }),
  business: BusinessSchema,
  businessPage: KeysetPageOf(BusinessSchema),
  lead: LeadSchema,
  leadPage: CappedPageOf(LeadSchema),
  comment: CommentSchema,
  commentPage: CappedPageOf(CommentSchema),
  auditLogPage: KeysetPageOf(AuditLogEntrySchema),
  adminTeamsPage: CappedPageOf(AdminTeamRowSchema),
  adminUserSummary: Obj({ id: Uuid, email: Email, name: Type.String(), role: Role }),
  impersonationHistory: Type.Array(ImpersonationHistoryEntrySchema),
  activeImpersonations: Type.Array(ActiveImpersonationSchema),
  supportActionList: Obj({ items: Type.Array(SupportActionSchema, { maxItems: SUPPORT_ACTIONS_MAX, description: 'oldest first' }) }),
  accessRequest: AccessRequestSchema,
  accessRequestList: ItemsOf(AccessRequestSchema),
  devMails: Type.Array(Obj({ id: Type.String(), to: Type.String(), subject: Type.String(), text: Type.String(), sentAt: DateTime() })),
};

/** True only when A and B are the same type (not merely assignable one way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Of<K extends keyof typeof API_SCHEMAS> = Static<(typeof API_SCHEMAS)[K]>;
/** An intersection written as one object type, as TypeBox's objects are. */
type Flat<T> = { [K in keyof T]: T[K] };
/** Holds only a `true`. */
type Assert<T extends true> = T;
/** Each line fails to compile when the schema and the contracts type disagree. */
export type SchemasMatchContracts = [
  Assert<Same<Of<'errorBody'>, Flat<ApiError & { requestId?: string }>>>,
  Assert<Same<Of<'teamSummary'>, TeamSummary>>,
  Assert<Same<Of<'teamSummaries'>, TeamSummary[]>>,
  Assert<Same<Of<'currentUser'>, CurrentUser>>,
  Assert<Same<Of<'authResponse'>, AuthResponse>>,
  Assert<Same<Of<'impersonateResponse'>, ImpersonateResponse>>,
  Assert<Same<Of<'returnFromImpersonation'>, ReturnFromImpersonationResponse>>,
  Assert<Same<Of<'teamSettings'>, TeamSettings>>,
  Assert<Same<Of<'teamMember'>, TeamMember>>,
  Assert<Same<Of<'teamMemberList'>, TeamMemberList>>,
  Assert<Same<Of<'invitation'>, Invitation>>,
  Assert<Same<Of<'pendingInvitation'>, PendingInvitation>>,
  Assert<Same<Of<'pendingInvitationList'>, PendingInvitationList>>,
  Assert<Same<Of<'invitationPreview'>, InvitationPreview>>,
  Assert<Same<Of<'signInSession'>, SignInSession>>,
  Assert<Same<Of<'signInSessionList'>, SignInSessionList>>,
  Assert<Same<Of<'recoveryCodes'>, RecoveryCodes>>,
  Assert<Same<Of<'twoFactorStatus'>, TwoFactorStatus>>,
  Assert<Same<Of<'passkey'>, Passkey>>,
  Assert<Same<Of<'passkeyList'>, PasskeyList>>,
  Assert<Same<Of<'passkeyRegistrationOptions'>, PasskeyRegistrationOptions>>,
  Assert<Same<Of<'passkeyAuthenticationOptions'>, PasskeyAuthenticationOptions>>,
  Assert<Same<Of<'totpSetup'>, TotpSetup>>,
  Assert<Same<Of<'business'>, Business>>,
  Assert<Same<Of<'businessPage'>, KeysetPage<Business>>>,
  Assert<Same<Of<'lead'>, Lead>>,
  Assert<Same<Of<'leadPage'>, CappedPage<Lead>>>,
  Assert<Same<Of<'comment'>, Comment>>,
  Assert<Same<Of<'commentPage'>, CappedPage<Comment>>>,
  Assert<Same<Of<'auditLogPage'>, KeysetPage<AuditLogEntry>>>,
  Assert<Same<Of<'adminTeamsPage'>, AdminTeamsPage>>,
  Assert<Same<Of<'adminTeamsPage'>['items'][number], AdminTeamRow>>,
  Assert<Same<Of<'adminUserSummary'>, AdminUserSummary>>,
  Assert<Same<Of<'impersonationHistory'>, ImpersonationHistoryEntry[]>>,
  Assert<Same<Of<'activeImpersonations'>, ActiveImpersonation[]>>,
  Assert<Same<Of<'supportActionList'>, SupportActionList>>,
  Assert<Same<Of<'currentUser'>['supportSession'], SupportSession | null>>,
  Assert<Same<Of<'accessRequest'>, AccessRequest>>,
  Assert<Same<Of<'accessRequestList'>, AccessRequestList>>,
  Assert<Same<Of<'devMails'>, DevMail[]>>,
];
