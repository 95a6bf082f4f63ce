import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's request id is kept only when it is short and plain: it ends up in logs and a header. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** What the auth guard leaves on a request (auth/jwt-two-factor.guard.ts), as far as a log line needs it. */
interface AuthenticatedRequest {
  auth?: { user: { id: string }; impersonation: { impersonator: { id: string } } | null };
}

/**
 * The request id: the caller's `x-request-id` (a proxy's or a client's, so one id follows the request
 * through every hop), or a new UUID.
 */
export function requestIdOf(raw: IncomingMessage): string {
  const given = raw.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** The route a request matched, as declared (`/api/leads/:id`), so ids never split one route into many. */
export function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? '(unmatched)';
}

/**
 * Fastify's request logging, reduced to one line per request, written when it is answered: request id
 * (Fastify binds it to `request.log`), method, route pattern, status, duration, and who asked — the
 * user and, during an impersonation, the admin behind it. Never a header, a URL with its query, or a body.
 */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId' });
  }

  override incomingRequest(): void {
    // The line is written at the end, when the status and the caller are known.
  }

  override routeNotFound(): void {
    // Its request line says so (route "(unmatched)", status 404).
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const auth = (request as FastifyRequest & AuthenticatedRequest).auth;
    const line = {
      method: request.method,
      route: routeOf(request),
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      userId: auth?.user.id,
      impersonatorId: auth?.impersonation?.impersonator.id,
      ...(error ? { err: error } : {}),
    };
    if (reply.statusCode >= 500) reply.log.error(line, 'request');
    else reply.log.info(line, 'request');
  }
}

/** Every answer names its request id, so a person reporting a problem can quote it. */
export function answerRequestIds(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}
