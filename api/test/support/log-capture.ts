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

/** A secret's forms are filed under their last characters (a token's random end, not the header tokens share). */
const KEY_LENGTH = 6;

/**
 * The lines of `logText` that contain a secret of `secrets`. A secret of digits only (a 6-digit code)
 * counts only as a whole number, not inside a longer one. The development mailbox's lines (mail
 * printed without SMTP_URL, outside production, by design) are the one exception.
 *
 * One pass over the log finds every secret: a whole run logs tens of thousands of lines and uses
 * thousands of secrets, and searching the log again for each secret took a quarter of a minute.
 */
export function logLeaks(logText: string, secrets: Iterable<string>): { secret: string; line: string }[] {
  const lines = logText.split('\n').filter((line) => line && !line.includes('No SMTP_URL — mail to'));
  const text = lines.join('\n');
  const unique = [...new Set(secrets)];
  /** Where in `text` each secret found first appears. */
  const firstAt = new Map<string, number>();
  const record = (secret: string, at: number) => {
    if (!firstAt.has(secret) || at < firstAt.get(secret)!) firstAt.set(secret, at);
  };
  const byEnding = new Map<string, Form[]>();
  for (const secret of unique) {
    const wholeNumber = /^\d+$/.test(secret);
    // Log lines are JSON: a secret with quotes or control characters would appear escaped.
    for (const written of new Set([secret, JSON.stringify(secret).slice(1, -1)])) {
      if (written.includes('\n')) continue; // no line holds a line break
      const form = { secret, written, wholeNumber };
      if (written.length < KEY_LENGTH) {
        // Searched for on its own (no plausible secret is this short, see isPlausibleSecret).
        let at = text.indexOf(written);
        while (at >= 0 && !appearsAt(text, at, form)) at = text.indexOf(written, at + 1);
        if (at >= 0) record(secret, at);
        continue;
      }
      const ending = written.slice(-KEY_LENGTH);
      const forms = byEnding.get(ending);
      if (forms) forms.push(form);
      else byEnding.set(ending, [form]);
    }
  }
  for (let end = KEY_LENGTH; end <= text.length; end++) {
    const forms = byEnding.get(text.slice(end - KEY_LENGTH, end));
    if (!forms) continue;
    for (const form of forms) {
      const at = end - form.written.length;
      if (at >= 0 && appearsAt(text, at, form)) record(form.secret, at);
    }
  }
  return unique
    .filter((secret) => firstAt.has(secret))
    .map((secret) => {
      const at = firstAt.get(secret)!;
      const lineEnd = text.indexOf('\n', at);
      return { secret, line: text.slice(text.lastIndexOf('\n', at) + 1, lineEnd < 0 ? text.length : lineEnd) };
    });
}

/** One way a secret may be written in the log. */
interface Form {
  secret: string;
  written: string;
  /** Digits only: it counts only where no letter or digit stands right before or after it. */
  wholeNumber: boolean;
}

function appearsAt(text: string, at: number, form: Form): boolean {
  if (!text.startsWith(form.written, at)) return false;
  if (!form.wholeNumber) return true;
  const isWordCharacter = (c: string | undefined) => c !== undefined && /[0-9A-Za-z]/.test(c);
  return !isWordCharacter(text[at - 1]) && !isWordCharacter(text[at + form.written.length]);
}

export function readSecrets(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as string);
}
