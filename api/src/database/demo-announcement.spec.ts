import { demoLoginsBlock, demoLoginsLogLines } from './demo-announcement';
import { DEMO_PASSWORD, demoLogins } from './seed';

describe('demo logins printed at start', () => {
  it('lists every demo account with the password and the URL, as plain lines a person reads (no JSON)', () => {
    const block = demoLoginsBlock(demoLogins(), DEMO_PASSWORD, 'http://localhost:3000');
    expect(block).toContain(`Every demo account's password is: ${DEMO_PASSWORD}`);
    expect(block).toContain('http://localhost:3000');
    for (const login of demoLogins()) expect(block).toMatch(new RegExp(`^  ${login.email.replace(/\./g, '\\.')} +${login.role} +`, 'm'));
    expect(block).not.toContain('{');
  });

  it('names the staff accounts and the customer who switched support access off', () => {
    const byEmail = new Map(demoLogins().map((login) => [login.email, login]));
    expect(byEmail.get('super@vantage.demo')?.role).toBe('super_admin');
    expect(byEmail.get('ada@vantage.demo')?.role).toBe('admin');
    expect(byEmail.get('chloe@cobalt.demo')?.note).toContain('switched support access off');
    expect(byEmail.get('marco@acme.demo')?.note).toBe('member of Acme Logistics and of Bluebird Bakery');
  });

  it('gives log readers one line per account, the password on the first', () => {
    const lines = demoLoginsLogLines(demoLogins(), DEMO_PASSWORD);
    expect(lines).toHaveLength(demoLogins().length + 1);
    expect(lines[0]).toContain(DEMO_PASSWORD);
  });
});
