import type { DemoLogin } from './seed';

/**
 * The demo logins as a plain block for a person at a terminal: printed last, after "ready", so they are
 * on screen when the start is done instead of scrolled away under the start-up lines.
 */
export function demoLoginsBlock(logins: DemoLogin[], password: string, appUrl: string): string {
  const emailWidth = Math.max(...logins.map((login) => login.email.length)) + 2;
  const roleWidth = Math.max(...logins.map((login) => login.role.length)) + 2;
  const rows = logins.map((login) => `  ${login.email.padEnd(emailWidth)}${login.role.padEnd(roleWidth)}${login.note}`);
  return ['', `Sign in at ${appUrl} with a demo account. Every demo account's password is: ${password}`, '', ...rows, ''].join('\n');
}

/** The same facts as log lines, one per account, for logs read by machines (no terminal). */
export function demoLoginsLogLines(logins: DemoLogin[], password: string): string[] {
  return [
    `Demo accounts (every demo account's password is: ${password})`,
    ...logins.map((login) => `Demo account ${login.email} (${login.role}): ${login.note}`),
  ];
}
