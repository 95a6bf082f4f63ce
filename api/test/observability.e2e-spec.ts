import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { impersonateDirectly, newSession, lockTwoFactor, newUser, passwordStep } from './support/fixtures';
import { logLeaks, readSecrets, TEST_SECRETS_FILE } from './support/log-capture';
import { wrongCode } from './support/security';
import { bearer, createTestApp, type TestApp } from './support/test-app';

interface LogLine {
  level: number;
  msg?: string;
  context?: string;
  requestId?: string;
  userId?: string;
  impersonatorId?: string;
  route?: string;
  method?: string;
  statusCode?: number;
  durationMs?: number;
}

const METRICS_TOKEN = randomBytes(32).toString('base64url');

describe('Logs and metrics', () => {
  let t: TestApp;
  let dir: string;
  let logFile: string;
  let secretsFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vantage-observability-'));
    logFile = join(dir, 'api.log');
    // Every test app of the run records the secrets crossing it there (test/support/test-app.ts).
    secretsFile = process.env[TEST_SECRETS_FILE]!;
    t = await createTestApp({ LOG_FILE: logFile, LOG_LEVEL: 'debug', METRICS_TOKEN });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The log's lines once one matches `wanted` (pino writes asynchronously: wait for the line, not for a time). */
  async function logOnceItHas(wanted: (line: LogLine) => boolean): Promise<LogLine[]> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const lines = existsSync(logFile)
        ? readFileSync(logFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as LogLine)
        : [];
      if (lines.some(wanted)) return lines;
      if (Date.now() > deadline) throw new Error(`No such log line in:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  describe('request lines', () => {
    it('one JSON line per request: the request id given in x-request-id (answered in the header), user, route pattern, method, status, duration', async () => {
      const user = await newUser(t);
      const requestId = `trace-${randomUUID()}`;
      const res = await t.http().get('/api/auth/me').set(bearer(user.accessToken)).set('x-request-id', requestId).expect(200);
      expect(res.headers['x-request-id']).toBe(requestId);

      const lines = await logOnceItHas((l) => l.requestId === requestId);
      const mine = lines.filter((l) => l.requestId === requestId);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ level: 30, msg: 'request', method: 'GET', route: '/api/auth/me', statusCode: 200, userId: user.id });
      expect(mine[0].durationMs).toEqual(expect.any(Number));
      expect(mine[0].impersonatorId).toBeUndefined();
    });

    it('names the route as declared, not the URL with its ids, and makes up a request id when none (or an unusable one) is given', async () => {
      const user = await newUser(t);
      const id = randomUUID();
      const res = await t
        .http()
        .get(`/api/businesses/${id}`)
        .set(bearer(user.accessToken))
        .set('x-request-id', 'no spaces allowed')
        .expect(404);
      const requestId = res.headers['x-request-id'];
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

      const line = (await logOnceItHas((l) => l.requestId === requestId)).find((l) => l.requestId === requestId)!;
      expect(line).toMatchObject({ route: '/api/businesses/:id', statusCode: 404, userId: user.id });
      expect(JSON.stringify(line)).not.toContain(id);
    });

    it('during an impersonation, names both the user and the admin behind it', async () => {
      const admin = await newUser(t, { role: 'admin' });
      const target = await newUser(t);
      const { accessToken } = await impersonateDirectly(t, admin, target);
      const res = await t.http().get('/api/auth/me').set(bearer(accessToken)).expect(200);
      const requestId = res.headers['x-request-id'];

      const line = (await logOnceItHas((l) => l.requestId === requestId)).find((l) => l.requestId === requestId)!;
      expect(line).toMatchObject({ userId: target.id, impersonatorId: admin.id, statusCode: 200 });
    });

    it('LOG_LEVEL=warn: no request line, no info line; a warning still is', async () => {
      const quietLog = join(dir, 'quiet.log');
      const quiet = await createTestApp({ LOG_FILE: quietLog, LOG_LEVEL: 'warn' });
      try {
        const res = await quiet.http().get('/api/health').expect(200);
        quiet.app.getHttpAdapter().getInstance().log.warn('a warning');
        quiet.app.getHttpAdapter().getInstance().log.info('an info line');
        const lines = readFileSync(quietLog, 'utf8').split('\n').filter(Boolean);
        expect(lines.map((l) => (JSON.parse(l) as LogLine).msg)).toEqual(['a warning']);
        expect(lines.join('\n')).not.toContain(res.headers['x-request-id']);
      } finally {
        await quiet.close();
      }
    });

    it("Nest's own lines are JSON too, its route mapping at debug level", async () => {
      const lines = await logOnceItHas((l) => l.context === 'RouterExplorer');
      expect(lines.filter((l) => l.context === 'RouterExplorer').every((l) => l.level === 20)).toBe(true);
    });
  });

  describe('redaction', () => {
    it('no password, code, token, cookie or TOTP secret the app received or answered is in its log', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const challenge = await passwordStep(t, user);
      await t
        .http()
        .post('/api/2fa/authenticate')
        .set(bearer(challenge))
        .send({ code: wrongCode(await user.freshCode()) })
        .expect(401);
      await t.http().post('/api/2fa/authenticate').set(bearer(challenge)).send({ code: user.recoveryCodes[0] }).expect(200);
      const session = await newSession(t, user);
      const refreshed = await t.http().post('/api/auth/refresh').set('Cookie', session.refreshCookie).expect(200);
      await t.http().post('/api/auth/logout').set(bearer(refreshed.body.accessToken)).set('Cookie', session.refreshCookie);
      await t
        .http()
        .post('/api/auth/login')
        .send({ email: user.email, password: `${user.password}-typo` })
        .expect(401);
      const lastId = (await t.http().get('/api/health')).headers['x-request-id'];

      const secrets = readSecrets(secretsFile);
      expect(secrets).toEqual(expect.arrayContaining([user.password, user.recoveryCodes[0], session.accessToken, user.secret]));
      const lines = await logOnceItHas((l) => l.requestId === lastId);
      expect(lines.length).toBeGreaterThan(10);
      expect(logLeaks(readFileSync(logFile, 'utf8'), secrets)).toEqual([]);
    });

    it('the leak check finds a secret written to a log line, and a code only as a whole number', () => {
      const token = randomBytes(24).toString('base64url');
      expect(logLeaks(`{"msg":"token ${token}"}\n{"msg":"ok"}`, [token]).map((l) => l.secret)).toEqual([token]);
      expect(logLeaks('{"durationMs":1123456}', ['123456'])).toEqual([]);
      expect(logLeaks('{"msg":"code 123456."}', ['123456'])).toHaveLength(1);
    });

    it('headers and bodies handed to the logger by mistake are redacted', async () => {
      const fastify = t.app.getHttpAdapter().getInstance();
      const token = randomBytes(24).toString('base64url');
      fastify.log.warn(
        {
          req: { headers: { authorization: `Bearer ${token}`, cookie: `vantage_refresh=${token}` } },
          body: { password: token },
          marker: token.slice(0, 8),
        },
        'careless',
      );
      const line = (await logOnceItHas((l) => l.msg === 'careless')).find((l) => l.msg === 'careless')!;
      expect(JSON.stringify(line)).not.toContain(token);
      expect(JSON.stringify(line)).toContain('[redacted]');
    });
  });

  describe('GET /api/metrics', () => {
    it('from loopback: Prometheus text with a duration line for the route just called, by method and status', async () => {
      const user = await newUser(t);
      await t.http().get('/api/auth/me').set(bearer(user.accessToken)).expect(200);
      const res = await t.http().get('/api/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.text).toMatch(/^vantage_http_request_duration_seconds_count\{route="\/api\/auth\/me",method="GET",status="200"\} [1-9]/m);
      expect(res.text).toMatch(/^vantage_db_pool_connections [1-9]/m);
      // Nothing else runs: no query waits (the scrape's own query is not counted against the pool).
      expect(res.text).toMatch(/^vantage_db_pool_waiting_queries 0$/m);
      expect(res.text).toMatch(/^vantage_process_cpu_user_seconds_total /m);
    });

    it('counts wrong 2FA codes and lockouts, and reads active impersonations from the database', async () => {
      const scrape = async () => (await t.http().get('/api/metrics').expect(200)).text;
      const value = (text: string, series: string) => Number(new RegExp(`^${series} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
      const before = await scrape();

      const user = await newUser(t, { twoFactor: 'totp' });
      await lockTwoFactor(t, user);
      const admin = await newUser(t, { role: 'admin' });
      await impersonateDirectly(t, admin, await newUser(t));
      const [{ active }]: { active: number }[] = await t.db.query(
        'SELECT count(*)::int AS active FROM impersonations WHERE ended_at IS NULL AND expires_at > now()',
      );

      const after = await scrape();
      const failures = 'vantage_two_factor_failures_total{purpose="login"}';
      expect(value(after, failures.replace(/[{}]/g, '\\$&')) - value(before, failures.replace(/[{}]/g, '\\$&'))).toBe(5);
      expect(value(after, 'vantage_two_factor_lockouts_total') - value(before, 'vantage_two_factor_lockouts_total')).toBe(1);
      expect(value(after, 'vantage_active_impersonations')).toBe(active);
      expect(active).toBeGreaterThan(0);
    });

    it('from another address: 404 without the right METRICS_TOKEN, 200 with it', async () => {
      const fastify = t.app.getHttpAdapter().getInstance();
      const from = (headers: Record<string, string> = {}) =>
        fastify.inject({ method: 'GET', url: '/api/metrics', remoteAddress: '203.0.113.7', headers });
      expect((await from()).statusCode).toBe(404);
      expect((await from()).json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect((await from({ authorization: `Bearer ${METRICS_TOKEN}x` })).statusCode).toBe(404);
      expect((await from({ authorization: METRICS_TOKEN })).statusCode).toBe(404);
      const allowed = await from({ authorization: `Bearer ${METRICS_TOKEN}` });
      expect(allowed.statusCode).toBe(200);
      expect(allowed.body).toContain('vantage_http_request_duration_seconds_bucket');
    });

    it('through a proxy on this machine (loopback with X-Forwarded-For) it is not local: the token is needed', async () => {
      await t.http().get('/api/metrics').set('X-Forwarded-For', '198.51.100.4').expect(404);
      await t.http().get('/api/metrics').set('X-Forwarded-For', '198.51.100.4').set(bearer(METRICS_TOKEN)).expect(200);
    });

    it('without METRICS_TOKEN configured, only loopback may read', async () => {
      const bare = await createTestApp();
      try {
        const fastify = bare.app.getHttpAdapter().getInstance();
        const remote = await fastify.inject({
          method: 'GET',
          url: '/api/metrics',
          remoteAddress: '203.0.113.7',
          headers: bearer(METRICS_TOKEN),
        });
        expect(remote.statusCode).toBe(404);
        await bare.http().get('/api/metrics').expect(200);
      } finally {
        await bare.close();
      }
    });

    it('is not in the OpenAPI document', async () => {
      const doc = await t.http().get('/api/docs/openapi.json').expect(200);
      expect(Object.keys(doc.body.paths as object)).not.toContain('/api/metrics');
    });
  });
});
