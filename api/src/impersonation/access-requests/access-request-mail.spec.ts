import { accessRequestedMail, durationInWords } from './access-request-mail';

describe('access request emails', () => {
  it.each([
    [15, '15 minutes'],
    [60, '1 hour'],
    [61, '1 hour 1 minute'],
    [90, '1 hour 30 minutes'],
    [120, '2 hours'],
    [1440, '24 hours'],
  ])('%i minutes read as "%s"', (minutes, words) => {
    expect(durationInWords(minutes)).toBe(words);
  });

  it('escapes what the admin typed in the HTML body, and keeps it as typed in the text', () => {
    const mail = accessRequestedMail({
      to: 'olivia@example.test',
      firstName: 'Olivia',
      isTheUser: true,
      adminName: 'Ada Admin',
      userName: 'Olivia Owner',
      teamName: 'Acme <Logistics>',
      reason: '<script>alert(1)</script> & more',
      mode: 'read',
      durationMinutes: 60,
      url: 'http://localhost:3000/access-requests/1',
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(mail.text).toContain('Reason: <script>alert(1)</script> & more');
    expect(mail.text).toContain('read-only');
  });
});
