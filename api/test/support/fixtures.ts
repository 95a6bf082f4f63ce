import { randomBytes, randomUUID } from 'node:crypto';
import type { ImpersonationMode, Invitation, Role, SupportAccessPolicy, TeamRole } from '@vantage/contracts';
import type request from 'supertest';
import { hotp, stepAt, withinOneStep } from '../../../scripts/support/totp.mjs';
import { AuthContextLoader } from '../../src/auth/auth-context.loader';
import { SessionService } from '../../src/auth/session.service';
import { TokenService } from '../../src/auth/token.service';
import type { TestMailbox } from './mailbox';
import { bearer, refreshCookieOf, type TestApp } from './test-app';

/**
 * The test data factory: people (plain, with email codes or an authenticator app, of any role),
 * their sessions and impersonations. Everything goes through the real API, as a person would,
 * except what the API cannot do or a test needs without the ceremony: roles are set in the
 * database, and `impersonateDirectly` writes an impersonation without the step-up. Team members
 * join through the real invitation flow (`invite`, `acceptInvitation`, `joinTeam`).
 */

export type { Role } from '@vantage/contracts';

/** A person registered through POST /api/auth/register (with a team of their own) and signed in. */
export interface RegisteredUser {
  id: string;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  /** The team they registered with, their current team. */
  teamId: string;
  /** The access token of their session; when the factory turned 2FA on, it did so in this session, which therefore passed 2FA. */
  accessToken: string;
  /** The session's refresh credential (from Set-Cookie), ready for a Cookie header. */
  refreshCookie: string;
}

/** A person with the authenticator app on (TOTP), set up and confirmed in their session. */
export interface TotpUser extends RegisteredUser {
  secret: string;
  recoveryCodes: string[];
  /**
   * The step that was current when the setup was confirmed (the confirming code was for the step
   * before it). `hotp(secret, step)` and `hotp(secret, step + 1)` are the next usable codes.
   */
  step: number;
  /**
   * A code the server has not seen: the last used step is moved back in the database (as for a
   * user whose last code was used minutes ago), so tests need not wait 30 s between codes.
   */
  freshCode(): Promise<string>;
}

/** What a test may choose about a new person; anything left out is made up (the email unique). */
export interface NewUser {
  email?: string;
  password?: string;
  firstName?: string;
  lastName?: string;
  teamName?: string;
  /** Set in the database after registration (the API way, PATCH /admin/users/:id, needs a super admin). */
  role?: Role;
  /** Turned on through the API, in the new session. */
  twoFactor?: 'email' | 'totp';
}

/** A signed-in session: an access token and its refresh credential. */
export interface Session {
  accessToken: string;
  refreshCookie: string;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
}

/** A new person, registered (signed in) with their own team; with `role` and `twoFactor` as asked. */
export async function newUser(t: TestApp, options: NewUser & { twoFactor: 'totp' }): Promise<TotpUser>;
export async function newUser(t: TestApp, options?: NewUser): Promise<RegisteredUser>;
export async function newUser(t: TestApp, options: NewUser = {}): Promise<RegisteredUser> {
  const body = {
    email: options.email ?? uniqueEmail(),
    password: options.password ?? 'correct horse battery',
    firstName: options.firstName ?? 'Test',
    lastName: options.lastName ?? 'User',
    teamName: options.teamName ?? `Team ${randomUUID().slice(0, 6)}`,
  };
  const res = await t.http().post('/api/auth/register').send(body).expect(201);
  const user: RegisteredUser = {
    id: res.body.user.id,
    email: body.email,
    password: body.password,
    firstName: body.firstName,
    lastName: body.lastName,
    teamId: res.body.user.currentTeam.id,
    accessToken: res.body.accessToken,
    refreshCookie: refreshCookieOf(res),
  };
  if (options.role && options.role !== 'user') await setRole(t, user.id, options.role);
  if (options.twoFactor === 'totp') return enableTotp(t, user);
  if (options.twoFactor === 'email') await enableEmailTwoFactor(t, user);
  return user;
}

/** Sets a user's role directly (tests only: the API path for this is PATCH /admin/users/:id). */
async function setRole(t: TestApp, userId: string, role: Role): Promise<void> {
  await t.db.query(`UPDATE users SET role = $2 WHERE id = $1`, [userId, role]);
}

/**
 * The email that tells of a two-factor change is queued: with a mailbox, waits until it is there,
 * so the test goes on with no mail of its set-up still on the way.
 */
async function twoFactorNoticeDelivered(t: TestApp, email: string | undefined, before: number): Promise<void> {
  const mailbox = t.mailbox;
  if (!mailbox || !email) return;
  await mailbox.waitFor(email, (mail) => mailbox.messages.indexOf(mail) >= before && /two-factor/i.test(mail.subject));
}

/** Starts and confirms authenticator-app setup in the user's session (PUT /user/two-factor). */
export async function enableTotp(t: TestApp, user: RegisteredUser): Promise<TotpUser> {
  const before = t.mailbox?.messages.length ?? 0;
  const setup = await t.http().post('/api/user/two-factor').set(bearer(user.accessToken)).expect(201);
  const secret: string = setup.body.secret;
  // The confirming code is one step old; it must not age out of the window on its way.
  await withinOneStep(1);
  const step = stepAt();
  const confirmed = await t
    .http()
    .put('/api/user/two-factor')
    .set(bearer(user.accessToken))
    .send({ enabled: true, method: 'totp', code: hotp(secret, step - 1) })
    .expect(200);
  await twoFactorNoticeDelivered(t, user.email, before);
  // No need to wait for a fresh step: if one begins on the way, this code is still inside the ±1 window.
  const freshCode = async () => {
    await t.db.query(`UPDATE users SET totp_last_used_step = $2 WHERE id = $1`, [user.id, stepAt() - 2]);
    return hotp(secret, stepAt());
  };
  return { ...user, secret, recoveryCodes: confirmed.body.recoveryCodes, step, freshCode };
}

/** Turns email codes on in the user's session (no code is needed to do so). */
export async function enableEmailTwoFactor(t: TestApp, user: { accessToken: string; email?: string }): Promise<void> {
  const before = t.mailbox?.messages.length ?? 0;
  await t.http().put('/api/user/two-factor').set(bearer(user.accessToken)).send({ enabled: true, method: 'email' }).expect(200);
  await twoFactorNoticeDelivered(t, user.email, before);
}

/** The password step of a 2FA user: answers the login-challenge token. */
export async function passwordStep(t: TestApp, user: { email: string; password: string }): Promise<string> {
  const res = await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
  if (res.body.twoFactorRequired !== true) throw new Error('Expected the login to ask for a second factor');
  return res.body.accessToken;
}

/** Five wrong codes at the sign-in step: the user's two-factor is locked (SPEC §3) when this returns. */
export async function lockTwoFactor(t: TestApp, user: TotpUser): Promise<void> {
  const challenge = await passwordStep(t, user);
  const right = await user.freshCode();
  const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
  for (let i = 0; i < 5; i++) await t.http().post('/api/2fa/authenticate').set(bearer(challenge)).send({ code: wrong });
}

/** The password step of an email-2FA user, and the code it emailed (the app needs a mailbox). */
export async function passwordStepWithEmailCode(
  t: TestApp,
  user: { email: string; password: string },
): Promise<{ challenge: string; code: string }> {
  const mailbox = mailboxOf(t);
  const before = mailbox.messages.length;
  const challenge = await passwordStep(t, user);
  return { challenge, code: await mailbox.latestCode(user.email, before) };
}

/**
 * Signs a 2FA user in again through both steps — the password, then a fresh authenticator code or
 * the code it emailed (the app needs a mailbox) — for a second, independent full session.
 */
export async function newSession(t: TestApp, user: RegisteredUser | TotpUser): Promise<Session> {
  const { challenge, code } =
    'freshCode' in user
      ? { challenge: await passwordStep(t, user), code: await user.freshCode() }
      : await passwordStepWithEmailCode(t, user);
  const res = await t.http().post('/api/2fa/authenticate').set(bearer(challenge)).send({ code }).expect(200);
  return { accessToken: res.body.accessToken, refreshCookie: refreshCookieOf(res) };
}

/**
 * A code that confirms a sensitive action (an impersonation) in the user's session: the
 * authenticator's fresh code, or else an emailed one ("Email me a code"; the resend interval is
 * moved past, not waited for; the app needs a mailbox).
 */
export async function stepUpCode(t: TestApp, user: RegisteredUser | TotpUser): Promise<string> {
  if ('freshCode' in user) return user.freshCode();
  const mailbox = mailboxOf(t);
  await t.db.query(`UPDATE two_factor_email_codes SET created_at = created_at - interval '10 minutes' WHERE user_id = $1`, [user.id]);
  const before = mailbox.messages.length;
  await t.http().post('/api/2fa/send-code').set(bearer(user.accessToken)).expect(204);
  return mailbox.latestCode(user.email, before);
}

/**
 * Asks to impersonate `target` through the real endpoint (POST /api/2fa/impersonate) with a fresh
 * step-up code; answers the response, whatever it is (the start rules may refuse it).
 */
export async function impersonate(
  t: TestApp,
  admin: RegisteredUser | TotpUser,
  target: { id: string },
  extra: Record<string, unknown> = {},
): Promise<request.Response> {
  const code = await stepUpCode(t, admin);
  return t
    .http()
    .post('/api/2fa/impersonate')
    .set(bearer(admin.accessToken))
    .send({ userId: target.id, code, ...extra });
}

export interface DirectImpersonation {
  impersonationId: string;
  /** An access token of the target, acting as the admin — like one from POST /2fa/impersonate. */
  accessToken: string;
}

/**
 * Puts an admin inside a user's account the way the impersonation flow ends up doing it (record,
 * impersonation session, token signed by the app's own TokenService), without the 2FA step-up:
 * for specs about what happens *during* impersonation (the start rules have their own specs).
 * `admin` must already be an admin or super admin.
 */
export async function impersonateDirectly(
  t: TestApp,
  admin: { id: string; teamId: string },
  target: { id: string; teamId: string },
  options: { mode?: ImpersonationMode; accessRequestId?: string } = {},
): Promise<DirectImpersonation> {
  const [record]: { id: string; expires_at: Date }[] = await t.db.query(
    `INSERT INTO impersonations (code, impersonator_id, impersonated_user_id, impersonator_team_id, team_id, mode, access_request_id, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now() + interval '30 minutes')
     RETURNING id, expires_at`,
    [
      randomBytes(18).toString('base64url'),
      admin.id,
      target.id,
      admin.teamId,
      target.teamId,
      options.mode ?? 'write',
      options.accessRequestId ?? null,
    ],
  );
  const { session } = await t.app.get(SessionService).create({
    userId: target.id,
    kind: 'impersonation',
    teamId: target.teamId,
    twoFactorAuthenticated: false,
    impersonationId: record.id,
    expiresAt: record.expires_at,
  });
  const loaded = await t.app.get(AuthContextLoader).load(session.id, target.id);
  if (loaded.status !== 'live') throw new Error(`The impersonation session did not load (${loaded.status})`);
  return { impersonationId: record.id, accessToken: t.app.get(TokenService).signAccessToken(loaded.context) };
}

/**
 * An approved access request (SPEC §10) written straight into the database, as if the user had
 * approved it: a window of `minutes` (15–1440) in which `admin` may start impersonations of `user` in `teamId`.
 * For specs about what a grant allows; the request-and-approve flow has its own specs.
 */
export async function approvedAccessGrant(
  t: TestApp,
  grant: { adminId: string; userId: string; teamId: string; mode: ImpersonationMode; minutes?: number },
): Promise<{ id: string; expiresAt: Date }> {
  const minutes = grant.minutes ?? 60;
  const [row]: { id: string; expires_at: Date }[] = await t.db.query(
    `INSERT INTO access_requests (admin_id, user_id, team_id, reason, mode, duration_minutes, status, decided_at, decided_by_id, expires_at)
     VALUES ($1, $2, $3, 'Checking an invoice', $4, $5, 'approved', now(), $2, now() + make_interval(mins => $5))
     RETURNING id, expires_at`,
    [grant.adminId, grant.userId, grant.teamId, grant.mode, minutes],
  );
  return { id: row.id, expiresAt: row.expires_at };
}

/** Sets a team's support access policy in the database (the API way, PATCH /teams/:id, needs an owner's session). */
export async function setSupportAccess(t: TestApp, teamId: string, policy: SupportAccessPolicy): Promise<void> {
  await t.db.query(`UPDATE teams SET support_access = $2 WHERE id = $1`, [teamId, policy]);
}

// --- Team members and invitations (SPEC §8) ---

/** An invitation as its owner's answer gave it, with the token of the emailed link. */
export interface SentInvitation extends Invitation {
  token: string;
}

/**
 * An owner invites `email` to the team `owner.teamId` through the API; the token is read
 * from the link `<APP_URL>/invitations/<token>` in the email (the app needs a mailbox).
 */
export async function invite(
  t: TestApp,
  owner: { accessToken: string; teamId: string },
  email: string,
  role: TeamRole = 'member',
): Promise<SentInvitation> {
  const mailbox = mailboxOf(t);
  const before = mailbox.messages.length;
  const res = await t
    .http()
    .post(`/api/teams/${owner.teamId}/invitations`)
    .set(bearer(owner.accessToken))
    .send({ email, role })
    .expect(201);
  const token = await mailbox.linkToken(email, `${t.config.appUrl}/invitations/`, before);
  return { ...(res.body as Invitation), token };
}

/**
 * POST /api/invitations/:token/accept, signed in as `as` (empty body) or anonymously with the new
 * account's `person` fields; the request, to await (or `.expect(…)`) — whatever it answers.
 */
export function acceptInvitation(
  t: TestApp,
  token: string,
  as: { accessToken: string } | null,
  person: Record<string, unknown> = {},
): request.Test {
  const req = t.http().post(`/api/invitations/${token}/accept`);
  return (as ? req.set(bearer(as.accessToken)) : req).send(person);
}

/**
 * Makes `person` a member of the owner's current team the way people join (an invitation, accepted
 * signed in). Their session now works in that team: the answer is its new access token.
 */
export async function joinTeam(
  t: TestApp,
  owner: { accessToken: string; teamId: string },
  person: { email: string; accessToken: string },
  role: TeamRole = 'member',
): Promise<string> {
  const { token } = await invite(t, owner, person.email, role);
  const res = await acceptInvitation(t, token, person);
  if (res.status !== 200) throw new Error(`Accepting the invitation answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken;
}

function mailboxOf(t: TestApp): TestMailbox {
  if (!t.mailbox) throw new Error('This app delivers to no test mailbox: start it with startAppWithMailbox()');
  return t.mailbox;
}
