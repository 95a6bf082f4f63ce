import { onTestFinished, vi } from 'vitest';

export interface RecordedRequest {
  method: string;
  /** Path below /api, with the query string. */
  path: string;
  body: unknown;
  authorization: string | null;
  credentials: RequestCredentials | undefined;
}

export interface MockResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = MockResponse | ((request: RecordedRequest) => MockResponse | Promise<MockResponse>);

/**
 * What every signed-in page asks, whatever it shows (the navigation's count of access requests waiting
 * for an answer), and what a few screens ask whatever the test is about: answered with nothing by
 * default, so a test names only what its page reads. A test gives its own answer to override it.
 */
const ASKED_ON_EVERY_PAGE: Record<string, Handler> = {
  'GET /access-requests': { body: { items: [] } },
  // Asked whenever a dialog that needs a fresh code opens (is the person's 2FA locked?): not locked.
  'GET /user/two-factor': {
    body: { enabled: true, method: 'totp', recoveryCodesLeft: 10, recoveryCodeUsedAt: null, lockedUntil: null },
  },
  // Asked by Profile settings for someone with two-factor on: no passkeys.
  'GET /user/passkeys': { body: { items: [] } },
  // Asked when the sign-in's two-factor step opens (does this account have passkeys?): none.
  'POST /2fa/passkey-options': {
    status: 400,
    body: { statusCode: 400, code: 'NO_PASSKEYS', message: 'This account has no passkeys. Enter a two-factor code instead.' },
  },
};

/**
 * Replaces `fetch` with a table of API answers keyed "METHOD /path" (path below /api, without
 * the query string). Every request is recorded; a request without an answer fails the test, so
 * a component cannot silently call an endpoint the test did not expect.
 */
export function mockApi(initialRoutes: Record<string, Handler> = {}) {
  const routes = new Map(Object.entries({ ...ASKED_ON_EVERY_PAGE, ...initialRoutes }));
  const requests: RecordedRequest[] = [];
  const unhandled: string[] = [];

  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : input, 'http://vantage.test');
    const path = url.pathname.replace(/^\/api/, '');
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = new Headers(init.headers);
    const request: RecordedRequest = {
      method,
      path: `${path}${url.search}`,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      authorization: headers.get('Authorization'),
      credentials: init.credentials,
    };
    requests.push(request);

    const key = `${method} ${path}`;
    const handler = routes.get(key);
    if (!handler) {
      unhandled.push(key);
      return new Response(JSON.stringify({ statusCode: 501, code: 'UNHANDLED_IN_TEST', message: key }), { status: 501 });
    }
    const answer = typeof handler === 'function' ? await handler(request) : handler;
    const status = answer.status ?? 200;
    const hasBody = answer.body !== undefined && status !== 204;
    return new Response(hasBody ? JSON.stringify(answer.body) : null, {
      status,
      headers: { ...(hasBody ? { 'Content-Type': 'application/json' } : {}), ...answer.headers },
    });
  });

  vi.stubGlobal('fetch', fetchMock);
  onTestFinished(() => {
    if (unhandled.length > 0) throw new Error(`Unexpected API calls: ${unhandled.join(', ')}`);
  });

  return {
    requests,
    /** Add or replace an answer mid-test. */
    on(key: string, handler: Handler) {
      routes.set(key, handler);
    },
    /** Requests to one endpoint, e.g. `callsTo('POST /auth/refresh')`. */
    callsTo(key: string) {
      return requests.filter((request) => `${request.method} ${request.path.split('?')[0]}` === key);
    },
  };
}

export function apiError(status: number, code: string, message = code, extra: Record<string, unknown> = {}) {
  return { status, body: { statusCode: status, code, message, ...extra } };
}
