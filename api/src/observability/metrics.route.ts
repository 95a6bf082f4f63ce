import { ErrorCode, errorMessages } from '@vantage/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { type AppMetrics } from './metrics';
import { routeOf } from './request-log';

export const METRICS_PATH = '/api/metrics';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Who may read the metrics: a scraper on this machine, connected straight to the app (loopback, and
 * no proxy header — through a reverse proxy on the same host, everyone would look local), or anyone
 * presenting `Authorization: Bearer <METRICS_TOKEN>`. The socket's address is used, never `request.ip`,
 * which TRUST_PROXY lets a client choose.
 */
export function mayReadMetrics(request: FastifyRequest, metricsToken: string | undefined): boolean {
  const direct = request.headers['x-forwarded-for'] === undefined && request.headers.forwarded === undefined;
  if (direct && LOOPBACK.has(request.socket.remoteAddress ?? '')) return true;
  if (!metricsToken) return false;
  const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (!given) return false;
  // Compared as digests: equal lengths for timingSafeEqual, and no timing that tells the token's length.
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(metricsToken).digest());
}

const NOT_FOUND = JSON.stringify({ statusCode: 404, code: ErrorCode.NOT_FOUND, message: errorMessages.NOT_FOUND });

/**
 * `GET /api/metrics` in Prometheus' text format, and the request-duration histogram fed by every answer.
 * Anyone else gets the 404 of an unknown route: the endpoint does not exist for them. A Fastify route
 * like /api/health, outside Nest's guards (it has its own rule) and outside the OpenAPI document
 * (it is for operators, not API clients).
 */
export function registerMetricsRoute(fastify: FastifyInstance, metrics: AppMetrics, metricsToken: string | undefined): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.requestDuration.observe(
      { route: routeOf(request), method: request.method, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  fastify.get(METRICS_PATH, async (request, reply) => {
    if (!mayReadMetrics(request, metricsToken)) {
      return reply.status(404).header('content-type', 'application/json; charset=utf-8').send(NOT_FOUND);
    }
    const text = await metrics.render();
    return reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store').send(text);
  });
}
