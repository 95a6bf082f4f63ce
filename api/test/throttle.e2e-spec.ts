import { uniqueClientAddress } from './support/client-address';
import { uniqueEmail } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

/** The per-client limit of the auth and 2FA routes holds across instances (SPEC §12, Throttle). */
describe('Per-client throttle across instances', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    // Two instances on one database, behind a proxy that names the client.
    const env = { THROTTLE_AUTH_LIMIT: '4', TRUST_PROXY: 'true' };
    [first, second] = await Promise.all([createTestApp(env), createTestApp(env)]);
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  const signIn = (app: TestApp, client: string) =>
    app
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-For', client)
      .send({ email: uniqueEmail('throttled'), password: 'wrong password' });

  it('counts one client on every instance: 2 on the first and 2 on the second, then the fifth on either is 429', async () => {
    const client = uniqueClientAddress();
    for (const app of [first, first, second, second]) await signIn(app, client).expect(401);
    const refusedBySecond = await signIn(second, client).expect(429);
    const refusedByFirst = await signIn(first, client).expect(429);
    for (const refused of [refusedBySecond, refusedByFirst]) {
      expect(refused.body.code).toBe('TOO_MANY_REQUESTS');
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    // Another client is not held back by this one.
    await signIn(second, uniqueClientAddress()).expect(401);
  });

  it('a burst of parallel attempts is counted exactly: no more than the limit get through', async () => {
    const client = uniqueClientAddress();
    const statuses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signIn(i % 2 ? first : second, client).then((res) => res.status)),
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(4);
    expect(statuses.filter((status) => status === 429)).toHaveLength(8);
  });
});
