import { ErrorCode, errorMessages } from '@vantage/contracts';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { errorBodyFor } from '../common/openapi';
import { type DatabaseHealth } from './database-health';

export const HEALTH_PATH = '/api/health';

const OK = JSON.stringify({ status: 'ok' });
const UNAVAILABLE = JSON.stringify({
  statusCode: 503,
  code: ErrorCode.SERVICE_UNAVAILABLE,
  message: errorMessages.SERVICE_UNAVAILABLE,
  status: 'unavailable',
});

/**
 * `GET /api/health`: 200 `{status:"ok"}` while the database answers, 503 while it does not.
 *
 * A Fastify route beside Nest's router rather than a controller: load balancers poll it, it takes
 * no input and needs no guard, pipe or interceptor, and through Nest's pipeline it cost twice the
 * CPU of the answer itself (measured with `npm run bench`). It still gets everything Fastify's hooks
 * give every response (security headers, request id). The answer comes from the last background
 * probe (DatabaseHealth), never from a query of its own.
 */
export function registerHealthRoute(fastify: FastifyInstance, database: DatabaseHealth): void {
  fastify.get(HEALTH_PATH, (_request, reply) => {
    void reply.header('content-type', 'application/json; charset=utf-8');
    if (database.isUp) return reply.send(OK);
    return reply.status(503).header('retry-after', '5').send(UNAVAILABLE);
  });
}

/** The SPEC error body, plus the `status` load balancers read. */
const unavailable = errorBodyFor(503, [ErrorCode.SERVICE_UNAVAILABLE]) as { required: string[]; properties: object };
const unavailableSchema = {
  ...unavailable,
  required: [...unavailable.required, 'status'],
  properties: { ...unavailable.properties, status: { type: 'string', enum: ['unavailable'] } },
};

/** The route in the OpenAPI document, where Nest's scanner cannot see it. */
export function documentHealthRoute(document: OpenAPIObject): void {
  document.paths[HEALTH_PATH] = {
    get: {
      tags: ['health'],
      summary: '200 {status:"ok"} while the database answers; 503 while it does not (probed every second)',
      operationId: 'health',
      responses: {
        '200': {
          description: 'The database answers',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                required: ['status'],
                properties: { status: { type: 'string', enum: ['ok'] } },
              },
            },
          },
        },
        '503': {
          description: 'The database does not answer (SERVICE_UNAVAILABLE, Retry-After: 5)',
          content: { 'application/json': { schema: unavailableSchema } },
        },
      },
    },
  };
}
