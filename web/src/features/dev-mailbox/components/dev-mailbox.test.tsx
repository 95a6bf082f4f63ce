import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { fillIn, renderApp } from '@/testing/render';

const noSession = { 'POST /auth/refresh': apiError(401, 'UNAUTHORIZED') };

const signInMail = {
  id: 'mail-1',
  to: 'ada@example.com',
  subject: 'Your Vantage sign-in code',
  text: 'Your code is 482913. It is valid for 10 minutes.',
  sentAt: new Date().toISOString(),
};
const otherMail = { ...signInMail, id: 'mail-2', to: 'grace@example.com', subject: 'Password changed', text: 'Your password was changed.' };

describe('development mailbox', () => {
  it('is public and shows the mail newest first, with the sign-in code picked out, filterable by recipient', async () => {
    mockApi({ ...noSession, 'GET /dev/mailbox': { body: [signInMail, otherMail] } });
    renderApp('/dev/mailbox');
    const user = userEvent.setup({ delay: null });

    const codeMail = await screen.findByRole('article', { name: 'Your Vantage sign-in code, to ada@example.com' });
    expect(within(codeMail).getByTestId('mail-code')).toHaveTextContent('482913');
    expect(screen.getByRole('article', { name: 'Password changed, to grace@example.com' })).toBeInTheDocument();

    await fillIn(user, screen.getByLabelText('Show mail to'), 'grace');
    expect(screen.queryByRole('article', { name: /sign-in code/ })).not.toBeInTheDocument();
    expect(screen.getByRole('article', { name: /Password changed/ })).toBeInTheDocument();
  });

  it('says the mailbox is off when the server delivers mail by SMTP', async () => {
    mockApi({ ...noSession, 'GET /dev/mailbox': apiError(404, 'NOT_FOUND') });
    renderApp('/dev/mailbox');

    expect(await screen.findByText('The development mailbox is off: mail is delivered by SMTP')).toBeInTheDocument();
  });

  it('is offered from the email-code sign-in step only when the server has one', async () => {
    const emailUser = buildUser({ isTwoFactorEnabled: true, twoFactorMethod: 'email' });
    const server = mockApi({
      ...noSession,
      'POST /auth/login': { body: { accessToken: 'pending-token', user: emailUser, twoFactorRequired: true } },
      'GET /dev/mailbox': { body: [signInMail] },
    });
    const { unmount } = renderApp('/sign-in');
    const user = userEvent.setup({ delay: null });
    await fillIn(user, await screen.findByLabelText(/^email/i), 'ada@example.com');
    await fillIn(user, screen.getByLabelText(/^password/i), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const link = await screen.findByRole('link', { name: /Open the development mailbox/ });
    expect(link).toHaveAttribute('href', '/dev/mailbox');
    expect(link).toHaveAttribute('target', '_blank');
    unmount();

    server.on('GET /dev/mailbox', apiError(404, 'NOT_FOUND'));
    renderApp('/sign-in');
    await fillIn(user, await screen.findByLabelText(/^email/i), 'ada@example.com');
    await fillIn(user, screen.getByLabelText(/^password/i), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Two-factor verification' })).toBeInTheDocument();
    await waitFor(() => expect(server.callsTo('GET /dev/mailbox')).toHaveLength(2));
    // Let the 404 answer reach the component before checking that it kept the link hidden.
    await act(() => new Promise((settled) => setTimeout(settled, 100)));
    expect(screen.queryByRole('link', { name: /development mailbox/ })).not.toBeInTheDocument();
  });
});
