import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';

/** Repository root: this file sits at api/{src,dist}/config/. */
const REPO_ROOT = resolve(__dirname, '..', '..', '..');

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Words that mark a secret copied from an example file rather than generated. */
const PLACEHOLDER_SECRET = /change|example|secret|placeholder|xxxx/i;

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_URL: z.url({ message: 'must be a URL such as http://localhost:3000' }).optional(),
  DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
  JWT_SECRET: z.string().min(43, 'must be at least 256 bits: 43 or more characters (e.g. `openssl rand -base64 48`)').optional(),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$|^[0-9a-fA-F]{64}$/, 'must be 32 bytes as base64 (44 characters) or hex (64 characters)')
    .optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  BCRYPT_ROUNDS: z.coerce.number().int().min(4).max(15).default(12),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Vantage <no-reply@vantage.local>'),
  SUPER_ADMIN_EMAIL: z.email().optional(),
  SUPER_ADMIN_PASSWORD: z.string().min(8).max(128).optional(),
  SEED_DEMO_DATA: booleanFromEnv.optional(),
  THROTTLE_AUTH_LIMIT: z.coerce.number().int().min(1).max(100000).default(30),
  TRUST_PROXY: booleanFromEnv.default(false),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug']).default('log'),
  JOB_QUEUE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,49}$/, 'must be a lower-case PostgreSQL schema name (letters, digits, _)')
    .default('job_queue'),
  JOB_POLL_INTERVAL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  JOB_SCHEDULER: booleanFromEnv.default(true),
  MAIL_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  LOG_FILE: z.string().min(1).optional(),
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)').optional(),
});

type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  env: Env['NODE_ENV'];
  isProduction: boolean;
  host: string;
  port: number;
  appUrl: string;
  dataDir: string;
  /** Unset: the app starts an embedded PostgreSQL under `dataDir/postgres`. */
  databaseUrl?: string;
  embeddedPgPort: number;
  jwtSecret: string;
  encryptionKey: Buffer;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  bcryptRounds: number;
  smtpUrl?: string;
  mailFrom: string;
  superAdmin?: { email: string; password: string };
  seedDemoData: boolean;
  throttleAuthLimit: number;
  trustProxy: boolean;
  logLevel: Env['LOG_LEVEL'];
  /** The PostgreSQL schema of the job queue's tables (pg-boss): every instance of one deployment uses the same. */
  jobQueueSchema: string;
  /** How often each instance's job workers look for new jobs (a job queued by this instance is picked up at once). */
  jobPollIntervalSeconds: number;
  /** Whether this instance sends the scheduled jobs (once a minute across all that do); every instance runs them. */
  jobScheduler: boolean;
  /** The first wait before a failed email is tried again; each further try waits twice as long. */
  mailRetryDelaySeconds: number;
  /** Unset: log lines go to stdout. */
  logFile?: string;
  /** Lets a scraper that is not on loopback read GET /api/metrics (observability/metrics.route.ts). */
  metricsToken?: string;
}

export class ConfigError extends Error {}

/**
 * Reads and validates the environment once, at start-up. A missing or bad variable stops the
 * app with a message naming it; production refuses to run on generated or placeholder secrets.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const isProduction = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR ?? join(REPO_ROOT, '.data'));

  if (isProduction) {
    const problems: string[] = [];
    if (!env.JWT_SECRET) problems.push('JWT_SECRET is required in production');
    else if (PLACEHOLDER_SECRET.test(env.JWT_SECRET)) problems.push('JWT_SECRET looks like a placeholder; generate a random one');
    else if (looksWeak(env.JWT_SECRET))
      problems.push('JWT_SECRET is not random enough (repeated characters or patterns); generate one with `openssl rand -base64 48`');
    if (!env.ENCRYPTION_KEY) problems.push('ENCRYPTION_KEY is required in production');
    else if (new Set(decodeKey(env.ENCRYPTION_KEY)).size < 8)
      problems.push('ENCRYPTION_KEY is not random (too few distinct bytes); generate one with `openssl rand -base64 32`');
    if (env.BCRYPT_ROUNDS < 10) problems.push('BCRYPT_ROUNDS must be at least 10 in production');
    if (!env.APP_URL) problems.push('APP_URL is required in production');
    // The demo accounts' password is published in the README: in production they would be open doors.
    if (env.SEED_DEMO_DATA === true)
      problems.push('SEED_DEMO_DATA=true is refused in production: the demo accounts share a published password; remove it');
    if (problems.length) throw new ConfigError(`Refusing to start in production:\n  ${problems.join('\n  ')}`);
  } else if (env.NODE_ENV === 'development' && env.BCRYPT_ROUNDS < 10) {
    throw new ConfigError('Invalid configuration:\n  BCRYPT_ROUNDS: must be at least 10 (lower values are for tests only)');
  }

  const secrets =
    env.JWT_SECRET && env.ENCRYPTION_KEY
      ? { jwtSecret: env.JWT_SECRET, encryptionKey: env.ENCRYPTION_KEY }
      : { ...loadOrCreateDevSecrets(dataDir), ...pickDefined({ jwtSecret: env.JWT_SECRET, encryptionKey: env.ENCRYPTION_KEY }) };

  return {
    env: env.NODE_ENV,
    isProduction,
    host: env.HOST ?? defaultHost(isProduction),
    port: env.PORT,
    appUrl: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    dataDir,
    databaseUrl: env.DATABASE_URL,
    embeddedPgPort: env.EMBEDDED_PG_PORT,
    jwtSecret: secrets.jwtSecret,
    encryptionKey: decodeKey(secrets.encryptionKey),
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
    bcryptRounds: env.BCRYPT_ROUNDS,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    superAdmin:
      env.SUPER_ADMIN_EMAIL && env.SUPER_ADMIN_PASSWORD ? { email: env.SUPER_ADMIN_EMAIL, password: env.SUPER_ADMIN_PASSWORD } : undefined,
    // Never in production, whatever the database (an embedded one included).
    seedDemoData: !isProduction && (env.SEED_DEMO_DATA ?? !env.DATABASE_URL),
    throttleAuthLimit: env.THROTTLE_AUTH_LIMIT,
    trustProxy: env.TRUST_PROXY,
    logLevel: env.LOG_LEVEL,
    jobQueueSchema: env.JOB_QUEUE_SCHEMA,
    jobPollIntervalSeconds: env.JOB_POLL_INTERVAL_SECONDS,
    jobScheduler: env.JOB_SCHEDULER,
    mailRetryDelaySeconds: env.MAIL_RETRY_DELAY_SECONDS,
    logFile: env.LOG_FILE,
    metricsToken: env.METRICS_TOKEN,
  };
}

/**
 * Outside production the server listens on loopback only: the development mailbox shows sign-in
 * codes to anyone who can reach it. Production serves every interface (a container's port mapping
 * or a load balancer reaches it there). `HOST=0.0.0.0` exposes a development server on purpose.
 */
function defaultHost(isProduction: boolean): string {
  return isProduction ? '0.0.0.0' : '127.0.0.1';
}

/**
 * A long secret can still be guessable: "aaaa…", or one short chunk repeated. Random base64 or hex
 * of 32+ bytes has far more than 10 distinct characters and never repeats itself.
 */
function looksWeak(secret: string): boolean {
  if (new Set(secret).size < 10) return true;
  for (let unit = 1; unit <= secret.length / 2; unit++) {
    if (
      secret ===
      secret
        .slice(0, unit)
        .repeat(Math.ceil(secret.length / unit))
        .slice(0, secret.length)
    )
      return true;
  }
  return false;
}

function decodeKey(value: string): Buffer {
  return /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
}

function pickDefined<T extends Record<string, string | undefined>>(values: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<Record<keyof T, string>>;
}

/** Development secrets are generated once and kept, so sessions and encrypted secrets survive restarts. */
function loadOrCreateDevSecrets(dataDir: string): { jwtSecret: string; encryptionKey: string } {
  const file = join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { jwtSecret: string; encryptionKey: string };
  const secrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    encryptionKey: randomBytes(32).toString('base64'),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
