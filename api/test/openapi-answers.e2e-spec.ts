import { DocumentedAnswers } from './support/openapi-answers';
import { acceptInvitation, invite, newSession, newUser, stepUpCode, uniqueEmail } from './support/fixtures';
import { bearer, startAppWithMailbox, type TestApp } from './support/test-app';

/**
 * The routes of members, invitations, password reset, sessions and recovery (SPEC §8–9) answer
 * exactly what their OpenAPI entries state: each status they answer is documented, with its body's
 * schema — successes and refusals alike.
 */
describe('OpenAPI: the answers of the §8–9 routes are the documented ones', () => {
  let t: TestApp;
  let stop: () => Promise<void>;
  let answers: DocumentedAnswers;
  beforeAll(async () => {
    ({ t, stop } = await startAppWithMailbox());
    answers = await DocumentedAnswers.load(t);
  });
  afterAll(() => stop());

  it('members, team settings and invitations', async () => {
    const owner = await newUser(t);
    const member = await newUser(t);
    const http = () => t.http();
    const as = (user: { accessToken: string }) => bearer(user.accessToken);

    answers.check('GET /api/teams/{id}/members', await http().get(`/api/teams/${owner.teamId}/members`).set(as(owner)));
    answers.check('GET /api/teams/{id}/members', await http().get(`/api/teams/${owner.teamId}/members`).set(as(member)));
    answers.check('PATCH /api/teams/{id}', await http().patch(`/api/teams/${owner.teamId}`).set(as(owner)).send({ name: 'Renamed 🚚' }));
    answers.check('PATCH /api/teams/{id}', await http().patch(`/api/teams/${owner.teamId}`).set(as(owner)).send({ name: '' }));

    const sent = await invite(t, owner, member.email);
    answers.check(
      'POST /api/teams/{id}/invitations',
      await http().post(`/api/teams/${owner.teamId}/invitations`).set(as(owner)).send({ email: owner.email, role: 'member' }),
    );
    answers.check('GET /api/teams/{id}/invitations', await http().get(`/api/teams/${owner.teamId}/invitations`).set(as(owner)));
    answers.check('GET /api/invitations/{token}', await http().get(`/api/invitations/${sent.token}`));
    answers.check('POST /api/invitations/{token}/accept', await acceptInvitation(t, sent.token, owner));
    const joined = await acceptInvitation(t, sent.token, member);
    answers.check('POST /api/invitations/{token}/accept', joined);
    const memberInTeam = { accessToken: joined.body.accessToken as string };
    answers.check('GET /api/invitations/{token}', await http().get(`/api/invitations/${sent.token}`));

    const newcomer = await invite(t, owner, uniqueEmail('newcomer'));
    answers.check(
      'POST /api/invitations/{token}/accept',
      await acceptInvitation(t, newcomer.token, null, { firstName: 'Nina', lastName: 'New', password: 'a good password' }),
    );
    const withdrawn = await invite(t, owner, uniqueEmail('withdrawn'));
    answers.check(
      'DELETE /api/teams/{id}/invitations/{invitationId}',
      await http().delete(`/api/teams/${owner.teamId}/invitations/${withdrawn.id}`).set(as(owner)),
    );
    answers.check(
      'DELETE /api/teams/{id}/invitations/{invitationId}',
      await http().delete(`/api/teams/${owner.teamId}/invitations/${withdrawn.id}`).set(as(owner)),
    );

    answers.check(
      'PATCH /api/teams/{id}/members/{userId}',
      await http().patch(`/api/teams/${owner.teamId}/members/${owner.id}`).set(as(owner)).send({ role: 'member' }),
    );
    answers.check(
      'PATCH /api/teams/{id}/members/{userId}',
      await http().patch(`/api/teams/${owner.teamId}/members/${member.id}`).set(as(memberInTeam)).send({ role: 'owner' }),
    );
    answers.check(
      'PATCH /api/teams/{id}/members/{userId}',
      await http().patch(`/api/teams/${owner.teamId}/members/${member.id}`).set(as(owner)).send({ role: 'owner' }),
    );
    answers.check(
      'DELETE /api/teams/{id}/members/{userId}',
      await http().delete(`/api/teams/${owner.teamId}/members/${member.id}`).set(as(owner)),
    );
    answers.check(
      'DELETE /api/teams/{id}/members/{userId}',
      await http().delete(`/api/teams/${owner.teamId}/members/${member.id}`).set(as(owner)),
    );
  });

  it('password reset, sessions, recovery codes and the assisted reset', async () => {
    const user = await newUser(t, { twoFactor: 'totp' });
    const http = () => t.http();
    answers.check('POST /api/auth/password-reset', await http().post('/api/auth/password-reset').send({ email: user.email }));
    answers.check('POST /api/auth/password-reset', await http().post('/api/auth/password-reset').send({ email: 'not an email' }));
    answers.check(
      'POST /api/auth/password-reset/confirm',
      await http()
        .post('/api/auth/password-reset/confirm')
        .send({ token: 'A'.repeat(43), password: 'a good password' }),
    );

    const other = await newSession(t, user);
    answers.check('GET /api/auth/sessions', await http().get('/api/auth/sessions').set(bearer(user.accessToken)));
    const [{ id: otherId }] = (
      (await http().get('/api/auth/sessions').set(bearer(other.accessToken))).body as { items: { id: string; current: boolean }[] }
    ).items.filter((s) => s.current);
    answers.check('DELETE /api/auth/sessions/{id}', await http().delete(`/api/auth/sessions/${otherId}`).set(bearer(user.accessToken)));
    answers.check('DELETE /api/auth/sessions/{id}', await http().delete(`/api/auth/sessions/${otherId}`).set(bearer(user.accessToken)));

    answers.check(
      'POST /api/user/two-factor/recovery-codes',
      await http().post('/api/user/two-factor/recovery-codes').set(bearer(user.accessToken)).send({ password: user.password }),
    );
    answers.check(
      'POST /api/user/two-factor/recovery-codes',
      await http().post('/api/user/two-factor/recovery-codes').set(bearer(user.accessToken)).send({ password: 'not my password' }),
    );

    const superAdmin = await newUser(t, { role: 'super_admin', twoFactor: 'totp' });
    const reset = (code: string, userId = user.id) =>
      http()
        .post(`/api/admin/users/${userId}/two-factor/reset`)
        .set(bearer(superAdmin.accessToken))
        .send({ code, reason: 'Lost their phone 📱' });
    answers.check('POST /api/admin/users/{id}/two-factor/reset', await reset(await stepUpCode(t, superAdmin), superAdmin.id));
    answers.check('POST /api/admin/users/{id}/two-factor/reset', await reset(await stepUpCode(t, superAdmin)));
  });
});
