import { expect, type APIRequestContext } from '@playwright/test';
import type { DevMail } from '@vantage/contracts';

/** Every message in the API's development mailbox (`GET /api/dev/mailbox`, newest first). */
export async function readMailbox(request: APIRequestContext): Promise<DevMail[]> {
  const response = await request.get('/api/dev/mailbox');
  expect(response.ok(), 'the development mailbox (GET /api/dev/mailbox) must be available').toBe(true);
  return (await response.json()) as DevMail[];
}

/** The ids of the messages already there, so a later wait only accepts what arrives after it. */
export async function mailboxMark(request: APIRequestContext): Promise<Set<string>> {
  return new Set((await readMailbox(request)).map((mail) => mail.id));
}

/**
 * Waits for the newest message to `to` whose subject matches, not among `seen` (a mailboxMark
 * taken before the action that sends it). Polls: the API's job queue sends most mail after the
 * answer, which on a busy machine can take seconds.
 */
export async function waitForMail(
  request: APIRequestContext,
  { to, subject, seen = new Set<string>() }: { to: string; subject: RegExp; seen?: Set<string> },
): Promise<DevMail> {
  let found: DevMail | undefined;
  await expect
    .poll(
      async () => {
        found = (await readMailbox(request)).find(
          (mail) => !seen.has(mail.id) && mail.to.toLowerCase() === to.toLowerCase() && subject.test(mail.subject),
        );
        return found !== undefined;
      },
      { message: `an email to ${to} with the subject ${subject}`, timeout: 30_000 },
    )
    .toBe(true);
  return found as DevMail;
}

/** The app link in a message's plain text (`<APP_URL>/<prefix>/<token>`), as a path for page.goto. */
export function linkIn(mail: DevMail, prefix: string): string {
  const match = new RegExp(`https?://[^\\s/]+(/${prefix}/[A-Za-z0-9_\\-.~%]+)`).exec(mail.text);
  expect(match, `a /${prefix}/… link in “${mail.subject}”:\n${mail.text}`).not.toBeNull();
  return match![1];
}

/** The one-time 6-digit code at the top of a message. */
export function codeIn(mail: DevMail): string {
  const code = /^\s*(\d{6})\b/.exec(mail.text)?.[1];
  expect(code, `a 6-digit code in “${mail.subject}”`).toBeDefined();
  return code!;
}
