import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** How long requests in flight may take to finish once a shutdown began; then their connections are cut. */
export const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Prepares the app (before it listens) to stop the way a supervisor expects on SIGTERM, and answers the
 * function that stops it:
 * 1. stop accepting: the port closes, idle keep-alive connections are closed, and a request arriving on a
 *    busy one gets 503;
 * 2. let the requests in flight finish — for at most `graceMs`, then their connections are cut. Their
 *    answers say `Connection: close`, so a client's keep-alive does not hold the shutdown open;
 * 3. only then run Nest's shutdown hooks (`onModuleDestroy`, `beforeApplicationShutdown`,
 *    `onApplicationShutdown`): what buffers or works in the background (a job queue, a log) flushes and
 *    stops there, and TypeORM closes the pool last.
 * Nest's own `app.close()` runs the hooks before closing the server, so a hook could pull the database
 * from under a request still in flight; closing Fastify first avoids that.
 */
export function prepareGracefulShutdown(
  app: NestFastifyApplication,
  graceMs = SHUTDOWN_GRACE_MS,
  warn: (line: string) => void = () => {},
): () => Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  let closing = false;
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
  return async () => {
    closing = true;
    const force = setTimeout(() => {
      warn(`Requests still in flight after ${graceMs / 1000} s: closing their connections`);
      fastify.server.closeAllConnections();
    }, graceMs);
    try {
      await fastify.close();
    } finally {
      clearTimeout(force);
    }
    await app.close();
  };
}
