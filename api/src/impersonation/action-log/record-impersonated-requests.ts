import type { FastifyInstance } from 'fastify';
import type { ImpersonationActionLog } from './impersonation-action-log';

/**
 * Hands every answered request to the action log, which keeps those made during an impersonation
 * (a read's entry, a write's status). A Fastify hook rather than a Nest interceptor: it also sees the
 * answers of guards, pipes and filters — refusals are part of what support did.
 */
export function recordImpersonatedRequests(fastify: FastifyInstance, log: ImpersonationActionLog): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    log.answered(request, reply);
    done();
  });
}
