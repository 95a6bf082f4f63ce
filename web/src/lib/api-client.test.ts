import { errorMessages } from '@vantage/contracts';
import { describe, expect, it, vi } from 'vitest';
import { apiError, mockApi } from '@/testing/mock-api';
import { buildAuth, buildUser } from '@/testing/data';
import {
  api,
  ApiClientError,
  getAccessToken,
  NETWORK_ERROR_CODE,
  parseRetryAfter,
  setAccessToken,
  subscribeToSessionEvents,
  type SessionEvent,
} from './api-client';

async function captureError(promise: Promise<unknown>): Promise<ApiClientError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiClientError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

function recordSessionEvents() {
  const events: SessionEvent[] = [];
  const unsubscribe = subscribeToSessionEvents((event) => events.push(event));
  return { events, unsubscribe };
}

describe('team-wide two-factor refusals', () => {
  it('a 403 TEAM_REQUIRES_TWO_FACTOR names the team and tells the app which team requires it', async () => {
    const details = { teamId: 'team-acme', teamName: 'Acme' };
    mockApi({ 'GET /businesses': apiError(403, 'TEAM_REQUIRES_TWO_FACTOR', 'requires', { details }) });
    setAccessToken('token-abc');
    const { events, unsubscribe } = recordSessionEvents();

    const error = await captureError(api.get('/businesses'));
    unsubscribe();

    expect(error.sentence).toBe(
      'Acme requires two-factor authentication for its members. Set it up to continue, or switch to another team.',
    );
    expect(error.details).toEqual(details);
    expect(events).toEqual([{ type: 'team-requires-two-factor', team: details }]);
  });

  it('turning 2FA off refused for a team says which team', async () => {
    const details = { teamId: 'team-acme', teamName: 'Acme' };
    mockApi({ 'DELETE /user/two-factor': apiError(409, 'TWO_FACTOR_REQUIRED_BY_TEAM', 'refused', { details }) });
    const { events, unsubscribe } = recordSessionEvents();

    const error = await captureError(api.delete('/user/two-factor', { password: 'secret' }));
    unsubscribe();

    expect(error.sentence).toMatch(/^Acme requires two-factor authentication for its members, so you cannot turn yours off\./);
    expect(events).toEqual([]);
  });
});

describe('api client requests', () => {
  it('sends the in-memory bearer token, JSON body and same-origin credentials under /api', async () => {
    const server = mockApi({ 'POST /teams': { status: 201, body: { id: 't1', name: 'Blue', role: 'owner' } } });
    setAccessToken('token-abc');

    const team = await api.post('/teams', { name: 'Blue' });

    expect(team).toEqual({ id: 't1', name: 'Blue', role: 'owner' });
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/teams',
      body: { name: 'Blue' },
      authorization: 'Bearer token-abc',
      credentials: 'same-origin',
    });
  });

  it('leaves out empty query parameters', async () => {
    const server = mockApi({ 'GET /admin/teams': { body: { items: [], total: 0 } } });
    await api.get('/admin/teams', { query: { search: '', page: 2, pageSize: undefined } });
    expect(server.requests[0].path).toBe('/admin/teams?page=2');
  });

  it('returns undefined for 204 No Content', async () => {
    mockApi({ 'POST /2fa/send-code': { status: 204 } });
    await expect(api.post('/2fa/send-code')).resolves.toBeUndefined();
  });
});

describe('api client errors', () => {
  it('turns a known error code into the contract sentence, not the raw code or server text', async () => {
    mockApi({ 'POST /auth/login': apiError(401, 'INVALID_CREDENTIALS', 'Invalid credentials') });

    const error = await captureError(api.post('/auth/login', { email: 'a@b.co', password: 'x' }));

    expect(error.status).toBe(401);
    expect(error.code).toBe('INVALID_CREDENTIALS');
    expect(error.sentence).toBe(errorMessages.INVALID_CREDENTIALS);
    expect(error.message).toBe(errorMessages.INVALID_CREDENTIALS);
  });

  it('collects VALIDATION_FAILED field errors by field name', async () => {
    mockApi({
      'POST /auth/register': apiError(400, 'VALIDATION_FAILED', 'Validation failed', {
        errors: [
          { field: 'password', message: 'Password must be at least 8 characters.' },
          { field: 'password', message: 'second message for the same field is dropped' },
          { field: 'email', message: 'Email must be an email address.' },
        ],
      }),
    });

    const error = await captureError(api.post('/auth/register', {}));

    expect(error.sentence).toBe(errorMessages.VALIDATION_FAILED);
    expect(error.fieldErrors).toEqual({
      password: 'Password must be at least 8 characters.',
      email: 'Email must be an email address.',
    });
  });

  it('falls back to the server message for a code the contract does not know', async () => {
    mockApi({ 'GET /teams': apiError(409, 'SOMETHING_NEW', 'A brand new rule said no.') });
    const error = await captureError(api.get('/teams'));
    expect(error.sentence).toBe('A brand new rule said no.');
  });

  it('explains a non-JSON gateway error by its status', async () => {
    mockApi({ 'GET /teams': { status: 502, headers: { 'Content-Type': 'text/html' } } });
    const error = await captureError(api.get('/teams'));
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.sentence).toBe(errorMessages.SERVICE_UNAVAILABLE);
  });

  it('reports an unreachable server as a network error with a sentence', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    const error = await captureError(api.get('/teams'));
    expect(error.status).toBe(0);
    expect(error.code).toBe(NETWORK_ERROR_CODE);
    expect(error.sentence).toMatch(/could not reach Vantage/i);
  });

  it('reads Retry-After on 429 answers', async () => {
    mockApi({
      'POST /2fa/authenticate': { ...apiError(429, 'TWO_FACTOR_LOCKED'), headers: { 'Retry-After': '900' } },
    });
    const error = await captureError(api.post('/2fa/authenticate', { code: '123456' }, { token: 'pending' }));
    expect(error.retryAfterSeconds).toBe(900);
    expect(error.sentence).toBe(errorMessages.TWO_FACTOR_LOCKED);
  });

  it('parses Retry-After given as an HTTP date', () => {
    const now = Date.parse('2030-01-01T10:00:00Z');
    expect(parseRetryAfter('Tue, 01 Jan 2030 10:01:30 GMT', now)).toBe(90);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('api client session handling', () => {
  it('refreshes once on an expired token and retries the request with the new token', async () => {
    const refreshed = buildAuth(buildUser(), 'token-new');
    const server = mockApi({
      'GET /teams': (request) =>
        request.authorization === 'Bearer token-new' ? { body: [] } : apiError(401, 'UNAUTHORIZED', 'jwt expired'),
      'POST /auth/refresh': { body: refreshed },
    });
    setAccessToken('token-old');
    const { events, unsubscribe } = recordSessionEvents();

    await expect(api.get('/teams')).resolves.toEqual([]);

    expect(server.callsTo('POST /auth/refresh')).toHaveLength(1);
    expect(server.callsTo('POST /auth/refresh')[0]).toMatchObject({ authorization: null, credentials: 'same-origin' });
    expect(server.callsTo('GET /teams').map((r) => r.authorization)).toEqual(['Bearer token-old', 'Bearer token-new']);
    expect(getAccessToken()).toBe('token-new');
    expect(events).toEqual([{ type: 'refreshed', auth: refreshed }]);
    unsubscribe();
  });

  it('shares one refresh between requests that expire together', async () => {
    const server = mockApi({
      'GET /teams': (request) => (request.authorization === 'Bearer token-new' ? { body: [] } : apiError(401, 'SESSION_EXPIRED')),
      'GET /auth/me': (request) =>
        request.authorization === 'Bearer token-new' ? { body: buildUser() } : apiError(401, 'SESSION_EXPIRED'),
      'POST /auth/refresh': { body: buildAuth(buildUser(), 'token-new') },
    });
    setAccessToken('token-old');

    await Promise.all([api.get('/teams'), api.get('/auth/me')]);

    expect(server.callsTo('POST /auth/refresh')).toHaveLength(1);
  });

  it('ends the session when the refresh is refused, without retrying', async () => {
    const server = mockApi({
      'GET /teams': apiError(401, 'UNAUTHORIZED'),
      'POST /auth/refresh': apiError(401, 'SESSION_EXPIRED'),
    });
    setAccessToken('token-old');
    const { events, unsubscribe } = recordSessionEvents();

    const error = await captureError(api.get('/teams'));

    expect(error.code).toBe('UNAUTHORIZED');
    expect(server.callsTo('GET /teams')).toHaveLength(1);
    expect(getAccessToken()).toBeNull();
    expect(events).toEqual([{ type: 'ended', reason: 'session-expired' }]);
    unsubscribe();
  });

  it('treats IMPERSONATION_ENDED as the end of the session when the refresh cookie is the ended impersonation too and there is no return', async () => {
    const server = mockApi({
      'GET /teams': apiError(401, 'IMPERSONATION_ENDED'),
      'POST /auth/refresh': apiError(401, 'IMPERSONATION_ENDED'),
      'POST /auth/return': apiError(401, 'RETURN_NOT_AVAILABLE'),
    });
    setAccessToken('impersonation-token');
    const { events, unsubscribe } = recordSessionEvents();

    const error = await captureError(api.get('/teams'));

    expect(error.sentence).toBe(errorMessages.IMPERSONATION_ENDED);
    expect(server.callsTo('POST /auth/refresh')).toHaveLength(1);
    expect(server.callsTo('GET /teams')).toHaveLength(1);
    expect(server.callsTo('POST /auth/return')).toHaveLength(1);
    expect(getAccessToken()).toBeNull();
    expect(events).toEqual([{ type: 'ended', reason: 'impersonation-ended' }]);
    unsubscribe();
  });

  it('carries on in the admin’s own session when the cookie holds it (the impersonation was ended by Return)', async () => {
    const admin = buildAuth(buildUser({ id: 'admin-sam', role: 'admin' }), 'admin-token');
    const server = mockApi({ 'GET /teams': apiError(401, 'IMPERSONATION_ENDED'), 'POST /auth/refresh': { body: admin } });
    setAccessToken('impersonation-token');
    const { events, unsubscribe } = recordSessionEvents();

    const error = await captureError(api.get('/teams'));

    expect(error.code).toBe('IMPERSONATION_ENDED');
    // The request was meant for the impersonated user: it is not sent again as the admin.
    expect(server.callsTo('GET /teams')).toHaveLength(1);
    expect(getAccessToken()).toBe('admin-token');
    expect(events).toEqual([{ type: 'refreshed', auth: admin }]);
    unsubscribe();
  });

  it('says how many wrong 2FA codes are left before the lock, in the one sentence every form shows', async () => {
    mockApi({
      'POST /2fa/authenticate': { status: 401, body: { statusCode: 401, code: 'INVALID_TWO_FACTOR_CODE', message: 'x', attemptsLeft: 2 } },
      'POST /2fa/verify': { status: 401, body: { statusCode: 401, code: 'INVALID_TWO_FACTOR_CODE', message: 'x', attemptsLeft: 1 } },
    });
    setAccessToken('session-token');

    expect((await captureError(api.post('/2fa/authenticate', { code: '000000' }))).sentence).toBe(
      `${errorMessages.INVALID_TWO_FACTOR_CODE} 2 attempts left before a short lock.`,
    );
    expect((await captureError(api.post('/2fa/verify', { code: '000000' }))).sentence).toBe(
      `${errorMessages.INVALID_TWO_FACTOR_CODE} 1 attempt left before a short lock.`,
    );
  });

  it('does not refresh for a 401 that is an answer, such as a wrong 2FA code', async () => {
    const server = mockApi({ 'POST /2fa/authenticate': apiError(401, 'INVALID_TWO_FACTOR_CODE') });
    setAccessToken('session-token');

    const error = await captureError(api.post('/2fa/authenticate', { code: '000000' }));

    expect(error.code).toBe('INVALID_TWO_FACTOR_CODE');
    expect(server.callsTo('POST /auth/refresh')).toHaveLength(0);
    expect(getAccessToken()).toBe('session-token');
  });

  it('never refreshes for requests made with an explicit (2FA step) token', async () => {
    const server = mockApi({ 'POST /2fa/send-code': apiError(401, 'UNAUTHORIZED') });
    const error = await captureError(api.post('/2fa/send-code', undefined, { token: 'pending-token' }));
    expect(error.status).toBe(401);
    expect(server.requests[0].authorization).toBe('Bearer pending-token');
    expect(server.callsTo('POST /auth/refresh')).toHaveLength(0);
  });
});
