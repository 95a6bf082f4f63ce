import { ErrorCode } from '@vantage/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppException } from '../common/app-exception';
import type { AppConfig } from '../config/app-config';

/**
 * The refresh credential travels only in this cookie: httpOnly (page scripts cannot read it),
 * SameSite=Strict (no cross-site sends), scoped to /api/auth, Secure when served over HTTPS.
 */
export const REFRESH_COOKIE = 'vantage_refresh';
const COOKIE_PATH = '/api/auth';

export function setRefreshCookie(reply: FastifyReply, config: AppConfig, token: string, expiresAt: Date): void {
  reply.setCookie(REFRESH_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.appUrl.startsWith('https://'),
    path: COOKIE_PATH,
    expires: expiresAt,
  });
}

export function clearRefreshCookie(reply: FastifyReply, config: AppConfig): void {
  reply.clearCookie(REFRESH_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.appUrl.startsWith('https://'),
    path: COOKIE_PATH,
  });
}

/**
 * Cookies are parsed only here (the cookie plugin's per-request hook is off: no other route reads one).
 * Every route the cookie authenticates reads it through here, so each refuses requests another site
 * or origin made (see assertSameOriginRequest) — whether or not the cookie came with them.
 *
 * @throws 403 CROSS_SITE_REQUEST
 */
export function readRefreshCookie(request: FastifyRequest, config: AppConfig): string | undefined {
  assertSameOriginRequest(request, config);
  const header = request.headers.cookie;
  return header ? request.server.parseCookie(header)[REFRESH_COOKIE] : undefined;
}

/** Browsers' own statement of where a request came from (Fetch Metadata); absent from other clients. */
const ACCEPTED_FETCH_SITES = new Set(['same-origin', 'none']);

/**
 * SameSite=Strict keeps other sites' requests from carrying the cookie, but a sibling subdomain is
 * the "same site": it could still make the browser refresh or sign out. So a request is refused when
 * the browser says another site or origin made it (`Sec-Fetch-Site: cross-site` or `same-site`), or
 * when its `Origin` is not the app's own (APP_URL). Clients that are not browsers send neither header
 * and pass: they cannot be tricked into sending someone else's cookie.
 */
export function assertSameOriginRequest(request: FastifyRequest, config: AppConfig): void {
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite !== undefined && !ACCEPTED_FETCH_SITES.has(String(fetchSite).toLowerCase())) {
    throw AppException.forbidden(ErrorCode.CROSS_SITE_REQUEST);
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== new URL(config.appUrl).origin) {
    throw AppException.forbidden(ErrorCode.CROSS_SITE_REQUEST);
  }
}
