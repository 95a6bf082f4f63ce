import type { FastifyInstance, FastifyRequest } from 'fastify';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/**
 * The log of a whole API test run, and every secret the run sent or received: globalSetup names two
 * files (TEST_LOG_FILE, TEST_SECRETS_FILE) that every test app of the run appends to, and
 * globalTeardown fails the run if any secret appears in the log (see logLeaks).
 */
export const TEST_LOG_FILE = 'VANTAGE_TEST_LOG_FILE';
export const TEST_SECRETS_FILE = 'VANTAGE_TEST_SECRETS_FILE';

/** Request body and path fields that hold a password, a code or a token. */
const SECRET_FIELDS = ['password', 'currentPassword', 'newPassword', 'code', 'token'];
/** Response fields that do. */
const SECRET_ANSWERS = ['accessToken', 'secret', 'otpauthUrl'];

/**
 * Remembers every secret that crosses this app's HTTP boundary: access tokens, cookies, TOTP secrets
 * and recovery codes in answers, and — for requests the app accepted (2xx) — the bearer token, cookies,
 * passwords, codes and link tokens they carried. Refused requests' values are left out: the hostile
 * sweep sends words such as "undefined" as passwords and codes, which an error line may contain by chance.
 */
export function recordSecretsCrossing(fastify: FastifyInstance, file: string): void {
  const remember = (values: unknown[]) => {
    const lines = values.filter((v): v is string => typeof v === 'string' && isPlausibleSecret(v)).map((v) => JSON.stringify(v));
    if (lines.length) appendFileSync(file, `${lines.join('\n')}\n`);
  };
  fastify.addHook('onSend', (request: FastifyRequest, reply, payload, done) => {
    const values: unknown[] = [];
    const setCookies = ([] as string[]).concat((reply.getHeader('set-cookie') as string | string[] | undefined) ?? []);
    values.push(...setCookies.map((c) => c.split(';')[0].split('=').slice(1).join('=')));
    if (typeof payload === 'string' && payload.startsWith('{')) {
      try {
        const answer = JSON.parse(payload) as Record<string, unknown>;
        values.push(...SECRET_ANSWERS.map((f) => answer[f]), ...(Array.isArray(answer.recoveryCodes) ? answer.recoveryCodes : []));
      } catch {
        // Not JSON after all: nothing to remember.
      }
    }
    if (reply.statusCode < 300) {
      const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
      const params = (request.params ?? {}) as Record<string, unknown>;
      const cookies = (request.headers.cookie ?? '').split(';').map((c) => c.split('=').slice(1).join('='));
      values.push(
        request.headers.authorization?.replace(/^Bearer /, ''),
        ...cookies,
        ...SECRET_FIELDS.flatMap((f) => [body[f], params[f]]),
      );
    }
    remember(values);
    done(null, payload);
  });
}

/** Short values (a page number, "x") are not secrets, and would be found in any log by chance. */
function isPlausibleSecret(value: string): boolean {
  return value.length >= 6 && value.length <= 4096 && value.trim() === value;
}

/**
 * The lines of `logText` that contain a secret of `secrets`. A secret of digits only (a 6-digit code)
 * counts only as a whole number, not inside a longer one. The development mailbox's lines (mail
 * printed without SMTP_URL, outside production, by design) are the one exception.
 */
export function logLeaks(logText: string, secrets: Iterable<string>): { secret: string; line: string }[] {
  const lines = logText.split('\n').filter((line) => line && !line.includes('No SMTP_URL — mail to'));
  const leaks: { secret: string; line: string }[] = [];
  for (const secret of new Set(secrets)) {
    const pattern = /^\d+$/.test(secret) ? new RegExp(`(?<![0-9A-Za-z])${secret}(?![0-9A-Za-z])`) : null;
    // Log lines are JSON: a secret with quotes or control characters would appear escaped.
    const escaped = JSON.stringify(secret).slice(1, -1);
    const line = lines.find((l) => (pattern ? pattern.test(l) : l.includes(secret) || l.includes(escaped)));
    if (line) leaks.push({ secret, line });
  }
  return leaks;
}

export function readSecrets(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as string);
}
