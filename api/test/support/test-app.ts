import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { TestMailbox } from './mailbox';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap/create-app';
import { type AppConfig, loadConfig } from '../../src/config/app-config';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  db: DataSource;
  http: () => TestAgent;
  close: () => Promise<void>;
}

/** Secrets shared by every instance built in one test file, so two instances accept each other's tokens. */
const sharedSecrets = {
  JWT_SECRET: randomBytes(48).toString('base64url'),
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};

/**
 * The real application (same pipeline as `npm start`) on the run's PostgreSQL. Pass `SMTP_URL`
 * from a TestMailbox to read mail. Throttling is relaxed unless a test sets THROTTLE_AUTH_LIMIT.
 */
export async function createTestApp(env: Record<string, string | undefined> = {}): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    BCRYPT_ROUNDS: '4',
    DATA_DIR: process.env.TEST_DATA_DIR ?? '/tmp/vantage-test-data',
    THROTTLE_AUTH_LIMIT: '100000',
    LOG_LEVEL: 'error',
    SEED_DEMO_DATA: 'false',
    ...sharedSecrets,
    ...env,
  });
  const app = await createApp(config, process.env.DATABASE_URL!);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const db = app.get<DataSource>(getDataSourceToken());
  return {
    app,
    config,
    db,
    http: () => request(app.getHttpServer()),
    close: () => app.close(),
  };
}

export interface RegisteredUser {
  id: string;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  teamId: string;
  accessToken: string;
  /** The Set-Cookie value of the refresh credential, ready for a Cookie header. */
  refreshCookie: string;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
}

export async function registerUser(t: TestApp, overrides: Partial<{ email: string; password: string; firstName: string; lastName: string; teamName: string }> = {}): Promise<RegisteredUser> {
  const body = {
    email: overrides.email ?? uniqueEmail(),
    password: overrides.password ?? 'correct horse battery',
    firstName: overrides.firstName ?? 'Test',
    lastName: overrides.lastName ?? 'User',
    teamName: overrides.teamName ?? `Team ${randomUUID().slice(0, 6)}`,
  };
  const res = await t.http().post('/api/auth/register').send(body).expect(201);
  return {
    id: res.body.user.id,
    email: body.email,
    password: body.password,
    firstName: body.firstName,
    lastName: body.lastName,
    teamId: res.body.user.currentTeam.id,
    accessToken: res.body.accessToken,
    refreshCookie: refreshCookieOf(res),
  };
}

export function refreshCookieOf(res: request.Response): string {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = cookies.find((c) => c.startsWith('vantage_refresh='));
  if (!cookie) throw new Error('No refresh cookie in the response');
  return cookie.split(';')[0];
}

export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

/** Sets a user's role directly (tests only: the API path for this is PATCH /admin/users/:id). */
export async function setRole(t: TestApp, userId: string, role: 'user' | 'admin' | 'super_admin'): Promise<void> {
  await t.db.query(`UPDATE users SET role = $2 WHERE id = $1`, [userId, role]);
}

/**
 * The app with a real SMTP server to read mail from (see TestMailbox), for a test file's
 * beforeAll; `stop` closes both, the app first so no delivery is cut off.
 */
export async function startAppWithMailbox(env: Record<string, string | undefined> = {}): Promise<{ t: TestApp; mailbox: TestMailbox; stop: () => Promise<void> }> {
  const mailbox = await new TestMailbox().start();
  const t = await createTestApp({ SMTP_URL: mailbox.url, ...env });
  return {
    t,
    mailbox,
    stop: async () => {
      await t.close();
      await mailbox.stop();
    },
  };
}
