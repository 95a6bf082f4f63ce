import { ErrorCode, errorMessages } from '@vantage/contracts';
import type { FastifyInstance } from 'fastify';

/** One registered path (`/api/businesses/:id`) as a test for concrete paths, with its methods. */
interface KnownPath {
  matches: RegExp;
  methods: Set<string>;
}

/**
 * A method the path does not support (TRACE, QUERY, DELETE on a list…) answers 405 with `Allow`
 * listing the methods it does support, as HTTP asks; a path nothing is registered at stays 404.
 * The paths are learnt from the routes as they are registered, so a new route needs nothing here.
 * Only requests the router could not match pay for the lookup.
 */
export function answerUnsupportedMethods(fastify: FastifyInstance): void {
  const known = new Map<string, KnownPath>();
  fastify.addHook('onRoute', (route) => {
    const methods = ([] as string[]).concat(route.method);
    const entry = known.get(route.url) ?? { matches: patternOf(route.url), methods: new Set<string>() };
    for (const method of methods) entry.methods.add(method.toUpperCase());
    if (entry.methods.has('GET')) entry.methods.add('HEAD');
    known.set(route.url, entry);
  });

  fastify.addHook('onRequest', (request, reply, done) => {
    if (!request.is404) return done();
    const path = request.url.split('?', 1)[0];
    const allowed = new Set<string>();
    for (const entry of known.values()) if (entry.matches.test(path)) entry.methods.forEach((m) => allowed.add(m));
    if (allowed.size === 0 || allowed.has(request.method)) return done();
    void reply
      .status(405)
      .header('allow', [...allowed].sort().join(', '))
      .send({ statusCode: 405, code: ErrorCode.METHOD_NOT_ALLOWED, message: errorMessages.METHOD_NOT_ALLOWED });
  });
}

/** `/api/businesses/:id` → /^\/api\/businesses\/[^/]+\/?$/; a `*` matches the rest of the path. */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}/?$`);
}
