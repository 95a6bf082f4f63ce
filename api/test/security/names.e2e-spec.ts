import { fullName, imitatesSupport, NAME_MAX_LENGTH } from '@vantage/contracts';
import { acceptInvitation, impersonateDirectly, invite, newUser, uniqueEmail } from '../support/fixtures';
import { bearer, startAppWithMailbox, type TestApp } from '../support/test-app';

/**
 * Names: every script's real names are accepted (format characters included), characters that
 * disguise a name are refused, the length is counted as the database counts it, and no person's
 * name can pass for the support attribution ("Support team (Ada Admin)").
 */

/** Real names that need format characters: a zero-width non-joiner (Persian) and zero-width joiners (emoji sequences). */
const REAL_NAMES = ['می‌خواهم', '👩‍💻', '👩‍👩‍👧‍👦', 'María-José 🌮', 'Zoë O’Brien', '🏴󠁧󠁢󠁳󠁣󠁴󠁿 Morag'];
/** Characters that hide or reorder what a name says. */
const DISGUISED_NAMES = [
  'Ada\u0000',
  'Ada\u0007Lovelace',
  'Ada\u0085',
  'Ada\u2028Lovelace',
  'evil\u202Egnp.exe',
  'Ada\u202ALovelace',
  'Ada\u2066Lovelace\u2069',
  '\u200D\u200C',
];
/** Names that start like support's attribution: refused as first and as last names. */
const SUPPORT_IMITATIONS = [
  'Support team (Ada',
  'support team',
  'SUPPORT-TEAM',
  'S u p p o r t  t e a m',
  'Ｓｕｐｐｏｒｔ ｔｅａｍ', // full-width
  'Ѕupport team', // Cyrillic Ѕ
  'Sup\u200Bport team', // a zero-width space inside
  'Süpport Team',
  'Vantage Support',
  'vantage  team',
];
/**
 * A first name "Support" with a last name "team (Ada Admin)" would read as the attribution: first
 * names may not start with "Support" at all, in any disguise.
 */
const SUPPORT_FIRST_NAMES = ['Support', 'SUPPORT', 'Ѕupport', 'Ｓｕｐｐｏｒｔ', 'Sup\u200Bport'];

describe('Names', () => {
  let t: TestApp;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ t, stop } = await startAppWithMailbox());
  });
  afterAll(() => stop());

  const register = (body: Record<string, unknown>) =>
    t
      .http()
      .post('/api/auth/register')
      .send({
        email: uniqueEmail(),
        password: 'correct horse battery',
        firstName: 'Ada',
        lastName: 'Lovelace',
        teamName: 'Engines',
        ...body,
      });
  const fieldErrors = (res: { body: { errors?: { field: string; message: string }[] } }) => res.body.errors ?? [];

  describe('real names with the format characters scripts and emoji need are accepted everywhere a name is typed', () => {
    it.each(REAL_NAMES)('%s: registration, profile, team name, new lead, invitation accepted', async (name) => {
      const registered = await register({ firstName: name, lastName: name, teamName: name }).expect(201);
      expect([registered.body.user.firstName, registered.body.user.lastName]).toEqual([name, name]);
      const user = await newUser(t);
      const auth = bearer(user.accessToken);
      const profile = await t.http().patch('/api/user/profile').set(auth).send({ firstName: name, lastName: name }).expect(200);
      expect(profile.body.firstName).toBe(name);
      expect((await t.http().post('/api/teams').set(auth).send({ name }).expect(201)).body.name).toBe(name);
      expect((await t.http().patch(`/api/teams/${user.teamId}`).set(auth).send({ name }).expect(200)).body.name).toBe(name);
      expect((await t.http().post('/api/leads').set(auth).send({ name }).expect(201)).body.name).toBe(name);
      const invited = uniqueEmail();
      const { token } = await invite(t, user, invited);
      const accepted = await acceptInvitation(t, token, null, {
        firstName: name,
        lastName: name,
        password: 'correct horse battery',
      }).expect(201);
      expect(accepted.body.user.firstName).toBe(name);
    });
  });

  describe('characters that disguise a name stay refused, with a sentence', () => {
    it.each(DISGUISED_NAMES.map((name) => [JSON.stringify(name), name]))(
      '%s → 400 on registration, profile, team and lead',
      async (_shown, name) => {
        const res = await register({ firstName: name }).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(fieldErrors(res).find((e) => e.field === 'firstName')?.message).toMatch(
          /control characters, line breaks or text-direction overrides|at least one visible character/,
        );
        const user = await newUser(t);
        await t.http().patch('/api/user/profile').set(bearer(user.accessToken)).send({ lastName: name }).expect(400);
        await t.http().post('/api/teams').set(bearer(user.accessToken)).send({ name }).expect(400);
        await t.http().post('/api/leads').set(bearer(user.accessToken)).send({ name }).expect(400);
      },
    );
  });

  describe('the length limit counts characters as the database stores them (code points)', () => {
    it.each([
      ['🚚 (one code point)', '🚚', 100],
      ['❤️ (heart and variation selector: two)', '❤️', 50],
      ['👩‍👩‍👧‍👦 (a family: seven)', '👩‍👩‍👧‍👦', 14],
    ])('%s: as many as fit in 100 characters are accepted, one more is 400, never 500', async (_name, emoji, fits) => {
      const atLimit = emoji.repeat(fits);
      expect([...atLimit].length).toBeLessThanOrEqual(NAME_MAX_LENGTH);
      const user = await newUser(t);
      const saved = await t.http().patch('/api/user/profile').set(bearer(user.accessToken)).send({ firstName: atLimit }).expect(200);
      expect(saved.body.firstName).toBe(atLimit);

      const over = emoji.repeat(fits + 1);
      const refused = await t.http().patch('/api/user/profile').set(bearer(user.accessToken)).send({ firstName: over });
      expect([refused.status, fieldErrors(refused).map((e) => e.message)]).toEqual([
        400,
        [`must be at most ${NAME_MAX_LENGTH} characters`],
      ]);
      expect((await t.http().post('/api/teams').set(bearer(user.accessToken)).send({ name: over })).status).toBe(400);
      expect((await register({ lastName: over })).status).toBe(400);
    });

    it('comments and descriptions are counted the same way: 5,000 characters of ❤️ are stored, one more is 400', async () => {
      const user = await newUser(t);
      const auth = bearer(user.accessToken);
      const lead = (await t.http().post('/api/leads').set(auth).send({ name: 'Hearts' }).expect(201)).body;
      await t
        .http()
        .post(`/api/leads/${lead.id}/comments`)
        .set(auth)
        .send({ text: '❤️'.repeat(2500) })
        .expect(201);
      expect(
        (
          await t
            .http()
            .post(`/api/leads/${lead.id}/comments`)
            .set(auth)
            .send({ text: '❤️'.repeat(2501) })
        ).status,
      ).toBe(400);
    });
  });

  describe('no person’s name can pass for support', () => {
    it.each(SUPPORT_IMITATIONS)('%s is refused as a first or last name: registration, profile, invitation', async (name) => {
      for (const field of ['firstName', 'lastName']) {
        const res = await register({ [field]: name }).expect(400);
        expect(fieldErrors(res).find((e) => e.field === field)?.message).toMatch(/must not start with "Support/);
      }
      const user = await newUser(t);
      await t.http().patch('/api/user/profile').set(bearer(user.accessToken)).send({ firstName: name }).expect(400);
      await t.http().patch('/api/user/profile').set(bearer(user.accessToken)).send({ lastName: name }).expect(400);
      const { token } = await invite(t, user, uniqueEmail());
      await acceptInvitation(t, token, null, { firstName: name, lastName: 'Admin)', password: 'correct horse battery' }).expect(400);
    });

    it.each(SUPPORT_FIRST_NAMES)('%s is refused as a first name; "Support" stays a possible last name (Grace Support)', async (name) => {
      const res = await register({ firstName: name, lastName: 'team (Ada Admin)' }).expect(400);
      expect(fieldErrors(res).map((e) => e.field)).toEqual(['firstName']);
      const user = await newUser(t);
      await t.http().patch('/api/user/profile').set(bearer(user.accessToken)).send({ firstName: name }).expect(400);
      const grace = await t
        .http()
        .patch('/api/user/profile')
        .set(bearer(user.accessToken))
        .send({ firstName: 'Grace', lastName: 'Support' })
        .expect(200);
      expect(fullName(grace.body)).toBe('Grace Support');
    });

    it('the review’s forgery fails, and the only "Support team" author is a real impersonation (isImpersonated: true)', async () => {
      const forger = await newUser(t);
      const lead = (await t.http().post('/api/leads').set(bearer(forger.accessToken)).send({ name: 'Forgery' }).expect(201)).body;
      await t
        .http()
        .patch('/api/user/profile')
        .set(bearer(forger.accessToken))
        .send({ firstName: 'Support team (Ada', lastName: 'Admin)' })
        .expect(400);
      await t.http().patch('/api/user/profile').set(bearer(forger.accessToken)).send({ firstName: 'Support' }).expect(400);
      await t.http().post(`/api/leads/${lead.id}/comments`).set(bearer(forger.accessToken)).send({ text: 'Hello' }).expect(201);

      const admin = await newUser(t, { role: 'admin', firstName: 'Ada', lastName: 'Admin' });
      const session = await impersonateDirectly(t, admin, forger);
      await t.http().post(`/api/leads/${lead.id}/comments`).set(bearer(session.accessToken)).send({ text: 'From support' }).expect(201);

      const comments = (await t.http().get(`/api/leads/${lead.id}/comments`).set(bearer(forger.accessToken)).expect(200)).body;
      const list: { authorName: string; isImpersonated: boolean }[] = comments.items ?? comments;
      expect(list.map((c) => [c.authorName, c.isImpersonated]).sort()).toEqual(
        [
          [fullName(forger), false],
          ['Support team (Ada Admin)', true],
        ].sort(),
      );
      const audit = (await t.http().get('/api/audit-logs').set(bearer(forger.accessToken)).expect(200)).body.items as {
        actorName: string;
        isImpersonated: boolean;
      }[];
      for (const entry of audit) expect(imitatesSupport(entry.actorName)).toBe(entry.isImpersonated);
    });

    it('no stored name of this run starts like the support attribution, and no unimpersonated comment or audit entry carries it', async () => {
      const users: { first_name: string; last_name: string }[] = await t.db.query(`SELECT first_name, last_name FROM users`);
      expect(
        users.filter((u) => imitatesSupport(u.first_name) || imitatesSupport(fullName({ firstName: u.first_name, lastName: u.last_name }))),
      ).toEqual([]);
      const forged: unknown[] = await t.db.query(
        `SELECT author_name FROM lead_comments WHERE is_impersonated = false AND author_name ILIKE 'support%'
         UNION ALL SELECT actor_name FROM audit_logs WHERE is_impersonated = false AND actor_name ILIKE 'support%'`,
      );
      expect(forged).toEqual([]);
    });
  });
});
