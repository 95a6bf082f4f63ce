import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { MailService } from '../src/mail/mail.service';
import { TestMailbox } from './support/mailbox';
import { enableEmailTwoFactor, newUser, passwordStep, passwordStepWithEmailCode } from './support/fixtures';
import { bearer, createTestApp, type TestApp } from './support/test-app';

/** A loopback port nothing listens on: SMTP delivery to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Mail', () => {
  describe('without SMTP_URL: the server log and the development mailbox', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ SMTP_URL: undefined });
    });
    afterAll(() => t.close());

    it('logs each message (recipient, subject, text) and serves it at GET /api/dev/mailbox, newest first, without a token', async () => {
      const logged = vi.spyOn(Logger.prototype, 'log');
      try {
        const user = await newUser(t);
        await enableEmailTwoFactor(t, user);
        const challenge = await passwordStep(t, user);

        const res = await t.http().get('/api/dev/mailbox').expect(200);
        const mine = res.body.filter((m: { to: string }) => m.to === user.email);
        expect(mine.map((m: { subject: string }) => m.subject)).toEqual(['Your Vantage sign-in code', 'Two-factor authentication is on']);
        expect(mine[0]).toEqual({
          id: expect.any(String),
          to: user.email,
          subject: 'Your Vantage sign-in code',
          text: expect.any(String),
          sentAt: expect.any(String),
        });
        expect(Date.parse(mine[0].sentAt)).toBeGreaterThanOrEqual(Date.parse(mine[1].sentAt));

        // The code read from the mailbox page signs in.
        const code = /\b(\d{6})\b/.exec(mine[0].text)![1];
        await t.http().post('/api/2fa/authenticate').set(bearer(challenge)).send({ code }).expect(200);

        const lines = logged.mock.calls.map((call) => String(call[0]));
        expect(
          lines.some((line) => line.includes(user.email) && line.includes('Subject: Your Vantage sign-in code') && line.includes(code)),
        ).toBe(true);
      } finally {
        logged.mockRestore();
      }
    });

    it('keeps only the last 50 messages', async () => {
      const mail = t.app.get(MailService);
      for (let i = 1; i <= 55; i++)
        await mail.send({ to: 'bulk@example.test', subject: `Bulk ${i}`, text: `message ${i}`, html: `<p>message ${i}</p>` });
      const res = await t.http().get('/api/dev/mailbox').expect(200);
      expect(res.body).toHaveLength(50);
      expect(res.body[0].subject).toBe('Bulk 55');
      expect(res.body[49].subject).toBe('Bulk 6');
    });
  });

  it('the development mailbox does not exist in production', async () => {
    const production = await createTestApp({
      NODE_ENV: 'production',
      SMTP_URL: undefined,
      APP_URL: 'https://vantage.example.test',
      BCRYPT_ROUNDS: '10',
      // Hex: cannot contain the words that mark a placeholder secret.
      JWT_SECRET: randomBytes(32).toString('hex'),
      ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    });
    try {
      expect(production.config.isProduction).toBe(true);
      await production.http().get('/api/health').expect(200);
      const res = await production.http().get('/api/dev/mailbox').expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    } finally {
      await production.close();
    }
  });

  it('the development mailbox does not exist when real SMTP delivery is configured', async () => {
    const mailbox = await new TestMailbox().start();
    const withSmtp = await createTestApp({ SMTP_URL: mailbox.url });
    try {
      await withSmtp.http().get('/api/dev/mailbox').expect(404);
    } finally {
      await withSmtp.close();
      await mailbox.stop();
    }
  });

  it('sends plain-text and HTML bodies from MAIL_FROM over SMTP_URL', async () => {
    const mailbox = await new TestMailbox().start();
    const app = await createTestApp({ SMTP_URL: mailbox.url, MAIL_FROM: 'Vantage Security <security@vantage.example.test>' });
    try {
      const user = await newUser(app, { firstName: 'Ada' });
      await enableEmailTwoFactor(app, user);
      const mail = await mailbox.waitFor(user.email);
      expect(mail.raw).toMatch(/^From: Vantage Security <security@vantage\.example\.test>/m);
      expect(mail.raw).toMatch(/Content-Type: text\/plain/i);
      expect(mail.raw).toMatch(/Content-Type: text\/html/i);
      expect(mail.text).toMatch(/Two-factor authentication is now on/);
    } finally {
      await app.close();
      await mailbox.stop();
    }
  });

  describe('when the SMTP server is unreachable', () => {
    let working: TestApp;
    let broken: TestApp;
    let mailbox: TestMailbox;
    beforeAll(async () => {
      mailbox = await new TestMailbox().start();
      working = await createTestApp({}, mailbox);
      // A second API instance on the same database whose mail server is down.
      broken = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${await closedPort()}` });
    });
    afterAll(async () => {
      await broken.close();
      await working.close();
      await mailbox.stop();
    });

    it('"email me a code" answers 503 MAIL_UNAVAILABLE, and the undelivered code neither throttles the retry nor voids the code already sent', async () => {
      const user = await newUser(working, { twoFactor: 'email' });
      const { challenge, code: delivered } = await passwordStepWithEmailCode(working, user);
      await working.db.query(`UPDATE two_factor_email_codes SET created_at = created_at - interval '31 seconds' WHERE user_id = $1`, [
        user.id,
      ]);

      for (let i = 0; i < 2; i++) {
        const res = await broken.http().post('/api/2fa/send-code').set(bearer(challenge)).expect(503);
        expect(res.body.code).toBe('MAIL_UNAVAILABLE');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      const rows = await working.db.query(`SELECT id FROM two_factor_email_codes WHERE user_id = $1`, [user.id]);
      expect(rows).toHaveLength(1);
      await working.http().post('/api/2fa/authenticate').set(bearer(challenge)).send({ code: delivered }).expect(200);
      const [row] = await working.db.query(`SELECT two_factor_failed_attempts, two_factor_locked_until FROM users WHERE id = $1`, [
        user.id,
      ]);
      expect(row).toEqual({ two_factor_failed_attempts: 0, two_factor_locked_until: null });
    });

    it('signing in without 2FA still works; an email-2FA sign-in says the mail is unavailable (503)', async () => {
      const plain = await newUser(broken);
      const ok = await broken.http().post('/api/auth/login').send({ email: plain.email, password: plain.password }).expect(200);
      expect(ok.body.twoFactorRequired).toBe(false);

      const user = await newUser(broken);
      // Turning 2FA on still succeeds: the notice about it is logged when it cannot be sent.
      await enableEmailTwoFactor(broken, user);
      const res = await broken.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(503);
      expect(res.body.code).toBe('MAIL_UNAVAILABLE');
      expect(await broken.db.query(`SELECT id FROM two_factor_email_codes WHERE user_id = $1`, [user.id])).toEqual([]);
    });
  });
});
