import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { recordSecretsCrossing, TEST_LOG_FILE, TEST_SECRETS_FILE } from './log-capture';
import { TestMailbox } from './mailbox';
import { watchAnswers } from './openapi-answers';
import type TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap/create-app';
import { type AppConfig, loadConfig } from '../../src/config/app-config';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  db: DataSource;
  http: () => TestAgent;
  /** The SMTP server the app delivers to, when it was given one (see startAppWithMailbox). */
  mailbox: TestMailbox | null;
  close: () => Promise<void>;
}

/** Secrets shared by every instance built in one test file, so two instances accept each other's tokens. */
/**
 * The job queue's schema of an app: instances that deliver to one SMTP server share it, as the
 * instances of one deployment do. Apps of other mail servers, and each app without one (its mail
 * goes to its own development mailbox), get their own, so no app's worker delivers another's mail.
 */
const jobSchemaBySmtpUrl = new Map<string, string>();
function jobQueueSchemaFor(smtpUrl: string | undefined): string {
  const fresh = () => `test_jobs_${randomBytes(6).toString('hex')}`;
  if (!smtpUrl) return fresh();
  if (!jobSchemaBySmtpUrl.has(smtpUrl)) jobSchemaBySmtpUrl.set(smtpUrl, fresh());
  return jobSchemaBySmtpUrl.get(smtpUrl)!;
}

const sharedSecrets = {
  JWT_SECRET: randomBytes(48).toString('base64url'),
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};

/**
 * The real application (same pipeline as `npm start`) on the run's PostgreSQL. Given a TestMailbox
 * it delivers there (and the fixtures read codes from it). Throttling is relaxed unless a test sets
 * THROTTLE_AUTH_LIMIT.
 */
export async function createTestApp(env: Record<string, string | undefined> = {}, mailbox: TestMailbox | null = null): Promise<TestApp> {
  // The run's log goes to one file at debug level, so globalTeardown can check it holds no secret.
  const runLog = process.env[TEST_LOG_FILE] ? { LOG_FILE: process.env[TEST_LOG_FILE], LOG_LEVEL: 'debug' } : {};
  const config = loadConfig({
    NODE_ENV: 'test',
    BCRYPT_ROUNDS: '4',
    DATA_DIR: process.env.TEST_DATA_DIR ?? '/tmp/vantage-test-data',
    THROTTLE_AUTH_LIMIT: '100000',
    LOG_LEVEL: 'error',
    SEED_DEMO_DATA: 'false',
    ...runLog,
    ...sharedSecrets,
    ...(mailbox ? { SMTP_URL: mailbox.url } : {}),
    // Queued mail is picked up at once by the instance that queued it; other instances poll this often.
    JOB_POLL_INTERVAL_SECONDS: '0.5',
    MAIL_RETRY_DELAY_SECONDS: '1',
    // A sweep sent at every app's start could end the expired impersonations a test is about to find over.
    JOB_SCHEDULER: 'false',
    ...env,
    JOB_QUEUE_SCHEMA: env.JOB_QUEUE_SCHEMA ?? jobQueueSchemaFor(env.SMTP_URL ?? mailbox?.url),
  });
  const app = await createApp(config, process.env.DATABASE_URL!);
  watchAnswers(app);
  const secretsFile = process.env[TEST_SECRETS_FILE];
  if (secretsFile) recordSecretsCrossing(app.getHttpAdapter().getInstance(), secretsFile);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const db = app.get<DataSource>(getDataSourceToken());
  return {
    app,
    config,
    db,
    http: () => request(app.getHttpServer()),
    mailbox,
    close: () => app.close(),
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

/**
 * The app with a real SMTP server to read mail from (see TestMailbox), for a test file's
 * beforeAll; `stop` closes both, the app first so no delivery is cut off.
 */
export async function startAppWithMailbox(
  env: Record<string, string | undefined> = {},
): Promise<{ t: TestApp; mailbox: TestMailbox; stop: () => Promise<void> }> {
  const mailbox = await new TestMailbox().start();
  const t = await createTestApp(env, mailbox);
  return {
    t,
    mailbox,
    stop: async () => {
      await t.close();
      await mailbox.stop();
    },
  };
}
