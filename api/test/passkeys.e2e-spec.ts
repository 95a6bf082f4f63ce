import { randomBytes } from 'node:crypto';
import type { TestMailbox } from './support/mailbox';
import { impersonateDirectly, newUser, passwordStep, type RegisteredUser, type TotpUser } from './support/fixtures';
import { SoftwarePasskey } from './support/passkey-authenticator';
import { bearer, createTestApp, type TestApp, startAppWithMailbox } from './support/test-app';

describe('Passkeys (SPEC §11)', () => {
  let t: TestApp;
  let mailbox: TestMailbox;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ t, mailbox, stop } = await startAppWithMailbox());
  });
  afterAll(() => stop());

  const registrationOptions = (token: string) => t.http().post('/api/user/passkeys/options').set(bearer(token));
  const register = (token: string, body: object) => t.http().post('/api/user/passkeys').set(bearer(token)).send(body);
  const list = async (token: string) => (await t.http().get('/api/user/passkeys').set(bearer(token)).expect(200)).body.items;
  const passkeyOptions = (token: string, app = t) => app.http().post('/api/2fa/passkey-options').set(bearer(token));
  const authenticate = (token: string, body: object, app = t) => app.http().post('/api/2fa/authenticate').set(bearer(token)).send(body);
  const remove = (token: string, id: string, body: object) => t.http().delete(`/api/user/passkeys/${id}`).set(bearer(token)).send(body);
  const challengeFor = async (token: string, app = t): Promise<string> => (await passkeyOptions(token, app).expect(200)).body.challenge;

  /** Registers a new software passkey for the user through the API. */
  async function addPasskey(user: { accessToken: string }, name = 'Work laptop'): Promise<{ key: SoftwarePasskey; id: string }> {
    const key = SoftwarePasskey.forApp(t.config.appUrl);
    const { challenge } = (await registrationOptions(user.accessToken).expect(200)).body;
    const res = await register(user.accessToken, { name, response: key.register(challenge) }).expect(201);
    return { key, id: res.body.id };
  }

  describe('registering', () => {
    it('needs 2FA on first: options and registration are 400 TWO_FACTOR_REQUIRED_FIRST', async () => {
      const user = await newUser(t);
      expect((await registrationOptions(user.accessToken).expect(400)).body.code).toBe('TWO_FACTOR_REQUIRED_FIRST');
      const key = SoftwarePasskey.forApp(t.config.appUrl);
      const res = await register(user.accessToken, {
        name: 'Laptop',
        response: key.register('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('TWO_FACTOR_REQUIRED_FIRST');
    });

    it('stores the passkey (201), lists it, counts it in GET /user/two-factor, emails the user, audits; options then exclude it', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const options = (await registrationOptions(user.accessToken).expect(200)).body;
      expect(options).toMatchObject({ rp: { id: 'localhost', name: 'Vantage' }, attestation: 'none', excludeCredentials: [] });
      const key = SoftwarePasskey.forApp(t.config.appUrl);
      const before = mailbox.messages.length;
      const res = await register(user.accessToken, { name: '  Work laptop ', response: key.register(options.challenge) }).expect(201);
      expect(res.body).toEqual({ id: expect.any(String), name: 'Work laptop', createdAt: expect.any(String), lastUsedAt: null });
      expect(await list(user.accessToken)).toEqual([res.body]);
      expect((await t.http().get('/api/user/two-factor').set(bearer(user.accessToken)).expect(200)).body.passkeys).toBe(1);

      const mail = await mailbox.waitFor(user.email, (m) => mailbox.messages.indexOf(m) >= before);
      expect(mail.subject).toBe('A passkey was added to your Vantage account');
      expect(mail.text).toContain('A passkey named "Work laptop" was added');
      const [audit] = await t.db.query(`SELECT * FROM audit_logs WHERE entity_id = $1 AND action = 'two_factor.passkey_added'`, [user.id]);
      expect(audit).toMatchObject({ actor_id: user.id, team_id: user.teamId, details: { passkeyId: res.body.id, name: 'Work laptop' } });

      const again = (await registrationOptions(user.accessToken).expect(200)).body;
      expect(again.excludeCredentials).toEqual([expect.objectContaining({ id: key.id, type: 'public-key' })]);
      // The same authenticator a second time (a browser would have refused it already): 409.
      expect((await register(user.accessToken, { name: 'Again', response: key.register(again.challenge) }).expect(409)).body.code).toBe(
        'PASSKEY_ALREADY_REGISTERED',
      );
    });

    it('at most 20 per account: then options and registration are 400 PASSKEY_LIMIT_REACHED', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const { challenge } = (await registrationOptions(user.accessToken).expect(200)).body;
      await t.db.query(
        `INSERT INTO passkeys (user_id, name, credential_id, public_key)
         SELECT $1::uuid, 'Key ' || n, 'credential-' || n || '-' || $1::text, '\\x00' FROM generate_series(1, 20) AS n`,
        [user.id],
      );
      expect((await registrationOptions(user.accessToken).expect(400)).body.code).toBe('PASSKEY_LIMIT_REACHED');
      const key = SoftwarePasskey.forApp(t.config.appUrl);
      const res = await register(user.accessToken, { name: 'One more', response: key.register(challenge) }).expect(400);
      expect(res.body.code).toBe('PASSKEY_LIMIT_REACHED');
      expect((await t.http().get('/api/user/two-factor').set(bearer(user.accessToken)).expect(200)).body.passkeys).toBe(20);
    });

    it('refuses an answer for another origin or rpID, a challenge used or never issued, and malformed input', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const key = SoftwarePasskey.forApp(t.config.appUrl);
      const reject = async (response: object, code: string) =>
        expect((await register(user.accessToken, { name: 'Key', response }).expect(400)).body.code).toBe(code);

      let { challenge } = (await registrationOptions(user.accessToken).expect(200)).body;
      await reject(key.register(challenge, { origin: 'https://evil.example' }), 'PASSKEY_REGISTRATION_REJECTED');
      // That challenge is used up, whatever its answer was.
      await reject(key.register(challenge), 'PASSKEY_CHALLENGE_EXPIRED');
      ({ challenge } = (await registrationOptions(user.accessToken).expect(200)).body);
      await reject(key.register(challenge, { rpId: 'evil.example' }), 'PASSKEY_REGISTRATION_REJECTED');
      await reject(key.register('bm90LWEtY2hhbGxlbmdlLXdlLWlzc3VlZA'), 'PASSKEY_CHALLENGE_EXPIRED');

      const bad = await register(user.accessToken, { name: 'Key', response: { ...key.register(challenge), extra: 1 } }).expect(400);
      expect(bad.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'response', message: expect.stringContaining('extra') }],
      });
      const noName = await register(user.accessToken, { name: '', response: key.register(challenge) }).expect(400);
      expect(noName.body.errors[0].field).toBe('name');
      expect(await list(user.accessToken)).toEqual([]);
    });

    it('stores only the credential id the answer names: another one in the signed data is refused, a 1,100-byte one too (never a 500)', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const key = SoftwarePasskey.forApp(t.config.appUrl);
      for (const credentialId of [randomBytes(16), randomBytes(1100)]) {
        const { challenge } = (await registrationOptions(user.accessToken).expect(200)).body;
        const res = await register(user.accessToken, { name: 'Key', response: key.register(challenge, { credentialId }) });
        expect([res.status, res.body.code]).toEqual([400, 'PASSKEY_REGISTRATION_REJECTED']);
      }
      expect(await t.db.query(`SELECT 1 FROM passkeys WHERE user_id = $1`, [user.id])).toEqual([]);
    });
  });

  describe('signing in with a passkey in place of the code', () => {
    let user: TotpUser;
    let key: SoftwarePasskey;
    beforeAll(async () => {
      user = await newUser(t, { twoFactor: 'totp' });
      ({ key } = await addPasskey(user));
    });

    it('the password step, then POST /2fa/passkey-options and {passkey}: signed in, the passkey’s last use recorded', async () => {
      const challengeToken = await passwordStep(t, user);
      const options = (await passkeyOptions(challengeToken).expect(200)).body;
      expect(options).toMatchObject({ rpId: 'localhost', allowCredentials: [expect.objectContaining({ id: key.id })] });
      const res = await authenticate(challengeToken, { passkey: key.assert(options.challenge) }).expect(200);
      await t.http().get('/api/businesses').set(bearer(res.body.accessToken)).expect(200);
      const [passkey] = await list(res.body.accessToken);
      expect(Date.parse(passkey.lastUsedAt)).toBeGreaterThan(Date.now() - 60_000);
      const [audit] = await t.db.query(`SELECT details FROM audit_logs WHERE entity_id = $1 AND action = 'auth.login'`, [user.id]);
      expect(audit.details).toEqual({ secondFactor: 'passkey' });
    });

    it('an assertion is accepted once: replayed, its challenge is gone (400 PASSKEY_CHALLENGE_EXPIRED)', async () => {
      const challengeToken = await passwordStep(t, user);
      const assertion = key.assert(await challengeFor(challengeToken));
      await authenticate(challengeToken, { passkey: assertion }).expect(200);
      const next = await passwordStep(t, user);
      expect((await authenticate(next, { passkey: assertion }).expect(400)).body.code).toBe('PASSKEY_CHALLENGE_EXPIRED');
    });

    it('refuses another origin, another rpID and a counter that went backwards: 401 INVALID_PASSKEY, counted', async () => {
      const challengeToken = await passwordStep(t, user);
      const refused = async (ceremony: Parameters<SoftwarePasskey['assert']>[1]) => {
        const res = await authenticate(challengeToken, { passkey: key.assert(await challengeFor(challengeToken), ceremony) }).expect(401);
        expect(res.body.code).toBe('INVALID_PASSKEY');
        return res.body.attemptsLeft as number;
      };
      expect(await refused({ origin: 'https://evil.example', counter: key.counter + 10 })).toBe(4);
      expect(await refused({ rpId: 'evil.example', counter: key.counter + 10 })).toBe(3);
      expect(await refused({ counter: key.counter - 1 })).toBe(2);
      // A good one resets the run.
      await authenticate(challengeToken, { passkey: key.assert(await challengeFor(challengeToken)) }).expect(200);
      const [row] = await t.db.query(`SELECT two_factor_failed_attempts AS attempts FROM users WHERE id = $1`, [user.id]);
      expect(row.attempts).toBe(0);
    });

    it("refuses another user's passkey, and a challenge issued to another user", async () => {
      const other = await newUser(t, { twoFactor: 'totp' });
      const { key: otherKey } = await addPasskey(other);
      const challengeToken = await passwordStep(t, user);
      const mine = await challengeFor(challengeToken);
      expect((await authenticate(challengeToken, { passkey: otherKey.assert(mine) }).expect(401)).body.code).toBe('INVALID_PASSKEY');
      // The other user's challenge, signed by my passkey: not bound to me.
      const theirs = await challengeFor(await passwordStep(t, other));
      expect((await authenticate(challengeToken, { passkey: key.assert(theirs) }).expect(400)).body.code).toBe('PASSKEY_CHALLENGE_EXPIRED');
      await t.db.query(`UPDATE users SET two_factor_failed_attempts = 0 WHERE id = $1`, [user.id]);
    });

    it('refuses an expired challenge, and a sign-in challenge used for a confirmation', async () => {
      const challengeToken = await passwordStep(t, user);
      const challenge = await challengeFor(challengeToken);
      await t.db.query(`UPDATE passkey_challenges SET expires_at = now() - interval '1 second' WHERE challenge = $1`, [challenge]);
      expect((await authenticate(challengeToken, { passkey: key.assert(challenge) }).expect(400)).body.code).toBe(
        'PASSKEY_CHALLENGE_EXPIRED',
      );

      const admin = await newUser(t, { twoFactor: 'totp', role: 'admin' });
      const { key: adminKey } = await addPasskey(admin);
      const loginChallenge = await challengeFor(await passwordStep(t, admin));
      const res = await t
        .http()
        .post('/api/2fa/impersonate')
        .set(bearer(admin.accessToken))
        .send({ userId: user.id, passkey: adminKey.assert(loginChallenge) })
        .expect(400);
      expect(res.body.code).toBe('PASSKEY_CHALLENGE_EXPIRED');
    });

    it('both a code and a passkey, or a malformed one, are 400 VALIDATION_FAILED naming the field', async () => {
      const challengeToken = await passwordStep(t, user);
      const passkey = key.assert(await challengeFor(challengeToken));
      const both = await authenticate(challengeToken, { code: await user.freshCode(), passkey }).expect(400);
      expect(both.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'passkey' }] });
      const malformed = await authenticate(challengeToken, { passkey: { ...passkey, response: { ...passkey.response, signature: 42 } } });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors).toEqual([{ field: 'passkey', message: expect.stringContaining('signature') }]);
      // Names every object inherits are unknown fields like any other, outside and inside `response`
      // (class-transformer used to drop them from nested objects, and the passkey signed in).
      const withField = (object: object, name: string) => JSON.parse(JSON.stringify(object).replace('{', `{"${name}":1,`)) as object;
      for (const inherited of ['constructor', 'toString', 'hasOwnProperty']) {
        const outside = await authenticate(challengeToken, { passkey: withField(passkey, inherited) }).expect(400);
        expect(outside.body.errors).toEqual([{ field: `passkey.${inherited}`, message: 'is not an accepted field' }]);
        const inside = await authenticate(challengeToken, {
          passkey: { ...passkey, response: withField(passkey.response, inherited) },
        }).expect(400);
        expect(inside.body.errors).toEqual([{ field: `passkey.response.${inherited}`, message: 'is not an accepted field' }]);
      }
      expect((await authenticate(challengeToken, {}).expect(400)).body.errors[0].field).toBe('code');
      // The same assertion without them still signs in: only the names were refused.
      await authenticate(challengeToken, { passkey }).expect(200);
    });

    it('refuses an assertion without user presence (UP flag unset): 401 INVALID_PASSKEY, counted', async () => {
      const challengeToken = await passwordStep(t, user);
      const res = await authenticate(challengeToken, {
        passkey: key.assert(await challengeFor(challengeToken), { userPresent: false, counter: key.counter + 1 }),
      }).expect(401);
      expect([res.body.code, res.body.attemptsLeft]).toEqual(['INVALID_PASSKEY', 4]);
      await t.db.query(`UPDATE users SET two_factor_failed_attempts = 0 WHERE id = $1`, [user.id]);
    });

    it('in parallel: one assertion sent four times signs in once; two assertions with one counter value, once', async () => {
      // Four sign-ins of the same person (the challenge is bound to the person, not to one sign-in).
      const tokens = await Promise.all([1, 2, 3, 4].map(() => passwordStep(t, user)));
      const assertion = key.assert(await challengeFor(tokens[0]));
      const replays = await Promise.all(tokens.map((token) => authenticate(token, { passkey: assertion })));
      expect(replays.map((r) => r.status).sort()).toEqual([200, 400, 400, 400]);

      const [third, fourth] = [await passwordStep(t, user), await passwordStep(t, user)];
      const counter = key.counter + 1;
      const [a, b] = [key.assert(await challengeFor(third), { counter }), key.assert(await challengeFor(fourth), { counter })];
      key.counter = counter;
      const same = await Promise.all([authenticate(third, { passkey: a }), authenticate(fourth, { passkey: b })]);
      expect(same.map((r) => [r.status, r.body.code ?? null]).sort()).toEqual([
        [200, null],
        [401, 'INVALID_PASSKEY'],
      ]);
      const [row] = await t.db.query(`SELECT sign_count FROM passkeys WHERE credential_id = $1`, [key.id]);
      expect(Number(row.sign_count)).toBe(counter);
      await t.db.query(`UPDATE users SET two_factor_failed_attempts = 0 WHERE id = $1`, [user.id]);
    });

    it('no passkeys: POST /2fa/passkey-options is 400 NO_PASSKEYS', async () => {
      const plain = await newUser(t, { twoFactor: 'totp' });
      expect((await passkeyOptions(await passwordStep(t, plain)).expect(400)).body.code).toBe('NO_PASSKEYS');
    });
  });

  it('failures count toward the same lockout as codes: the fifth locks, then even a good assertion is refused', async () => {
    const user = await newUser(t, { twoFactor: 'totp' });
    const { key } = await addPasskey(user);
    const challengeToken = await passwordStep(t, user);
    const wrong = async () =>
      authenticate(challengeToken, { passkey: key.assert(await challengeFor(challengeToken), { origin: 'https://evil.example' }) });
    for (let i = 0; i < 4; i++) expect((await wrong()).body.code).toBe('INVALID_PASSKEY');
    const good = key.assert(await challengeFor(challengeToken));
    const fifth = await wrong();
    expect(fifth.status).toBe(429);
    expect(fifth.body.code).toBe('TWO_FACTOR_LOCKED');

    const locked = await authenticate(challengeToken, { passkey: good }).expect(429);
    expect(locked.body.code).toBe('TWO_FACTOR_LOCKED');
    expect((await passkeyOptions(challengeToken).expect(429)).body.code).toBe('TWO_FACTOR_LOCKED');
    const audits = await t.db.query(
      `SELECT action, details FROM audit_logs WHERE entity_id = $1 AND action LIKE 'two_factor.%' ORDER BY created_at`,
      [user.id],
    );
    expect(audits.filter((a: { action: string }) => a.action === 'two_factor.failed')).toHaveLength(5);
    expect(audits.at(-1).action).toBe('two_factor.locked');
    // The challenge the good assertion answered was not spent by the refusal.
    expect(await t.db.query(`SELECT 1 FROM passkey_challenges WHERE user_id = $1`, [user.id])).toHaveLength(1);
  });

  describe('impersonation step-up with a passkey in place of the code', () => {
    let admin: TotpUser;
    let adminKey: SoftwarePasskey;
    let target: RegisteredUser;
    beforeAll(async () => {
      admin = await newUser(t, { twoFactor: 'totp', role: 'admin' });
      ({ key: adminKey } = await addPasskey(admin));
      target = await newUser(t);
    });

    it('POST /2fa/passkey-options with the full session, then {userId, passkey}: impersonating', async () => {
      const challenge = await challengeFor(admin.accessToken);
      const res = await t
        .http()
        .post('/api/2fa/impersonate')
        .set(bearer(admin.accessToken))
        .send({ userId: target.id, passkey: adminKey.assert(challenge) })
        .expect(200);
      expect(res.body.user.id).toBe(target.id);
      // Starting replaced the admin's sign-in; returning gives the admin a new one.
      const back = await t.http().post('/api/2fa/cancel-impersonation').set(bearer(res.body.accessToken)).expect(200);
      admin = { ...admin, accessToken: back.body.accessToken };
    });

    it('a failed assertion is 401 INVALID_PASSKEY and nothing starts', async () => {
      const challenge = await challengeFor(admin.accessToken);
      const res = await t
        .http()
        .post('/api/2fa/impersonate')
        .set(bearer(admin.accessToken))
        .send({ userId: target.id, passkey: adminKey.assert(challenge, { counter: 0 }) })
        .expect(401);
      expect(res.body.code).toBe('INVALID_PASSKEY');
      expect(await t.db.query(`SELECT 1 FROM impersonations WHERE impersonator_id = $1 AND ended_at IS NULL`, [admin.id])).toEqual([]);
    });

    it('registering, removing and asking for options are blocked during an impersonation (403)', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const { id } = await addPasskey(user);
      const { accessToken } = await impersonateDirectly(t, admin, user);
      const blocked = (res: { status: number; body: { code: string } }) => {
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN_DURING_IMPERSONATION');
      };
      blocked(await registrationOptions(accessToken));
      blocked(await register(accessToken, { name: 'Support key', response: adminKey.register('AAAA') }));
      blocked(await remove(accessToken, id, { password: user.password }));
      blocked(await passkeyOptions(accessToken));
      expect(await t.db.query(`SELECT 1 FROM passkeys WHERE user_id = $1`, [user.id])).toHaveLength(1);
    });
  });

  describe('removing', () => {
    it('needs the password (401 WRONG_PASSWORD, audited); another user’s passkey is 404; then removed, emailed, audited', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const other = await newUser(t, { twoFactor: 'totp' });
      const { id } = await addPasskey(user, 'Old phone');
      const { id: othersId } = await addPasskey(other);

      expect((await remove(user.accessToken, id, { password: 'not the password' }).expect(401)).body.code).toBe('WRONG_PASSWORD');
      expect(
        await t.db.query(`SELECT 1 FROM audit_logs WHERE entity_id = $1 AND action = 'two_factor.passkey_remove_refused'`, [user.id]),
      ).toHaveLength(1);
      expect((await remove(user.accessToken, othersId, { password: user.password }).expect(404)).body.code).toBe('PASSKEY_NOT_FOUND');
      expect(await list(other.accessToken)).toHaveLength(1);

      const before = mailbox.messages.length;
      await remove(user.accessToken, id, { password: user.password }).expect(204);
      expect(await list(user.accessToken)).toEqual([]);
      const mail = await mailbox.waitFor(user.email, (m) => mailbox.messages.indexOf(m) >= before);
      expect(mail.subject).toBe('A passkey was removed from your Vantage account');
      const [audit] = await t.db.query(`SELECT details FROM audit_logs WHERE entity_id = $1 AND action = 'two_factor.passkey_removed'`, [
        user.id,
      ]);
      expect(audit.details).toEqual({ passkeyId: id, name: 'Old phone' });
      expect((await remove(user.accessToken, id, { password: user.password }).expect(404)).body.code).toBe('PASSKEY_NOT_FOUND');
    });

    it('a super admin’s assisted 2FA reset removes them too', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      await addPasskey(user);
      const superAdmin = await newUser(t, { role: 'super_admin', twoFactor: 'totp' });
      await t
        .http()
        .post(`/api/admin/users/${user.id}/two-factor/reset`)
        .set(bearer(superAdmin.accessToken))
        .send({ code: await superAdmin.freshCode(), reason: 'Lost their phone' })
        .expect(200);
      expect(await t.db.query(`SELECT 1 FROM passkeys WHERE user_id = $1`, [user.id])).toEqual([]);
    });

    it('turning 2FA off removes every passkey (an extra factor of a 2FA that is off)', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      await addPasskey(user);
      await t.http().delete('/api/user/two-factor').set(bearer(user.accessToken)).send({ password: user.password }).expect(200);
      expect(await t.db.query(`SELECT 1 FROM passkeys WHERE user_id = $1`, [user.id])).toEqual([]);
    });
  });

  describe('on two API instances', () => {
    let second: TestApp;
    beforeAll(async () => {
      second = await createTestApp({ SMTP_URL: mailbox.url });
    });
    afterAll(() => second.close());

    it('a challenge issued by one instance is answered on the other, once', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const { key } = await addPasskey(user);
      const challengeToken = await passwordStep(t, user);
      const assertion = key.assert(await challengeFor(challengeToken, t));
      await authenticate(challengeToken, { passkey: assertion }, second).expect(200);
      const next = await passwordStep(t, user);
      expect((await authenticate(next, { passkey: assertion }, t).expect(400)).body.code).toBe('PASSKEY_CHALLENGE_EXPIRED');
    });
  });
});
