import type { FastifyInstance } from 'fastify';

/**
 * Every answer under /api is private data, and many carry tokens or codes (sign-in, 2FA, refresh,
 * impersonation, recovery codes, the development mailbox): no browser, proxy or CDN may keep a copy.
 * One rule for the whole API rather than a list of routes a new one could be missing from. The SPA's
 * files keep their own caching (create-app.ts).
 */
export function noStoreForApiAnswers(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    done();
  });
}
