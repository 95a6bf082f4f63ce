import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ImpersonationHistoryEntry, SupportAction } from '@vantage/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildAuth, buildImpersonationHistoryEntry, buildSupportAction, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { renderApp } from '@/testing/render';

const actions: SupportAction[] = [
  buildSupportAction(),
  buildSupportAction({ at: '2026-03-12T09:32:05.000Z', method: 'POST', path: '/api/leads/lead-1/comments', status: 403 }),
  buildSupportAction({ at: '2026-03-12T09:33:10.000Z', method: 'GET', path: '=HYPERLINK("http://evil.test")', status: null }),
];

function settingsApi(history: ImpersonationHistoryEntry[]) {
  const user = buildUser();
  return mockApi({
    'POST /auth/refresh': { body: buildAuth(user) },
    'GET /teams': { body: [user.currentTeam] },
    'GET /auth/sessions': { body: { items: [] } },
    'GET /user/impersonations': { body: history },
  });
}

async function openHistory() {
  renderApp('/settings');
  const events = userEvent.setup({ delay: null });
  const table = await screen.findByRole('table', { name: 'Support access history' });
  return { events, table };
}

/** What `downloadCsv` hands to the browser: the file's name and text. */
function captureDownloads() {
  const files: { name: string; text: Promise<string> }[] = [];
  const blobs = new Map<string, Blob>();
  Object.defineProperty(URL, 'createObjectURL', {
    configurable: true,
    writable: true,
    value: (blob: Blob) => {
      const url = `blob:test-${blobs.size}`;
      blobs.set(url, blob);
      return url;
    },
  });
  Object.defineProperty(URL, 'revokeObjectURL', { configurable: true, writable: true, value: () => undefined });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    files.push({ name: this.download, text: blobs.get(this.href)!.text() });
  });
  return files;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('support access history', () => {
  it('shows each session’s mode and how many actions support took, and how it ended in words', async () => {
    settingsApi([
      buildImpersonationHistoryEntry({ actionCount: 12, mode: 'read', endReason: 'ended_by_user' }),
      buildImpersonationHistoryEntry({ id: 'impersonation-2', actionCount: 1, mode: 'write', endReason: 'revoked' }),
    ]);
    const { table } = await openHistory();

    const [, first, second] = within(table).getAllByRole('row');
    expect(first).toHaveTextContent('Read-only');
    expect(within(first).getByRole('button', { name: /^12 actions by Sam Support/ })).toHaveAttribute('aria-expanded', 'false');
    expect(first).toHaveTextContent('Ended by you');
    expect(second).toHaveTextContent('Read and write');
    expect(within(second).getByRole('button', { name: /^1 action by Sam Support/ })).toBeInTheDocument();
    expect(second).toHaveTextContent('Ended when access was withdrawn');
  });

  it('opening an entry loads what support did: time, what in words, path and the answer; the keyboard opens and closes it', async () => {
    const server = settingsApi([buildImpersonationHistoryEntry()]);
    server.on('GET /user/impersonations/impersonation-1/actions', { body: { items: actions } });
    const { events, table } = await openHistory();
    expect(server.callsTo('GET /user/impersonations/impersonation-1/actions')).toHaveLength(0);

    const toggle = within(table).getByRole('button', { name: /^3 actions/ });
    toggle.focus();
    await events.keyboard('{Enter}');

    const list = await screen.findByRole('table', { name: 'What Sam Support did' });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const [, read, refused, unanswered] = within(list).getAllByRole('row');
    expect(read).toHaveTextContent('Viewed GET');
    expect(read).toHaveTextContent('/api/businesses');
    expect(read).toHaveTextContent('200');
    expect(refused).toHaveTextContent('Changed POST');
    expect(refused).toHaveTextContent('/api/leads/lead-1/comments');
    expect(refused).toHaveTextContent('Refused (403)');
    expect(unanswered).toHaveTextContent('No answer');

    await events.keyboard(' ');
    await waitFor(() => expect(screen.queryByRole('table', { name: 'What Sam Support did' })).not.toBeInTheDocument());
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
  });

  it('Download CSV saves the same list as at,method,path,status, with formula cells neutralised', async () => {
    const files = captureDownloads();
    const server = settingsApi([buildImpersonationHistoryEntry()]);
    server.on('GET /user/impersonations/impersonation-1/actions', { body: { items: actions } });
    const { events, table } = await openHistory();

    await events.click(within(table).getByRole('button', { name: /^3 actions/ }));
    await events.click(await screen.findByRole('button', { name: 'Download CSV' }));

    expect(files).toHaveLength(1);
    expect(files[0].name).toBe('support-session-impersonation-1-actions.csv');
    expect(await files[0].text).toBe(
      'at,method,path,status\r\n' +
        '2026-03-12T09:31:00.000Z,GET,/api/businesses,200\r\n' +
        '2026-03-12T09:32:05.000Z,POST,/api/leads/lead-1/comments,403\r\n' +
        `2026-03-12T09:33:10.000Z,GET,"'=HYPERLINK(""http://evil.test"")",\r\n`,
    );
  });

  it('says when support made no requests, and when the list could not be read (with Try again)', async () => {
    const server = settingsApi([buildImpersonationHistoryEntry({ actionCount: 0 })]);
    server.on('GET /user/impersonations/impersonation-1/actions', apiError(503, 'SERVICE_UNAVAILABLE'));
    const { events, table } = await openHistory();

    await events.click(within(table).getByRole('button', { name: /^0 actions/ }));
    expect(await screen.findByText('Could not load what support did')).toBeInTheDocument();

    server.on('GET /user/impersonations/impersonation-1/actions', { body: { items: [] } });
    await events.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Support made no requests in this session.')).toBeInTheDocument();
  });
});
