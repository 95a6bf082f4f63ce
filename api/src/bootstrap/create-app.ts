import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { ErrorCode, errorMessages } from '@vantage/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { AppModule } from '../app.module';
import { AllExceptionsFilter } from '../common/all-exceptions.filter';
import { renderError } from '../common/error-body';
import { createValidationPipe } from '../common/validation';
import { readJsonBodiesAsStrictUtf8 } from './json-body';
import { answerUnsupportedMethods } from './method-not-allowed';
import { noStoreForApiAnswers } from './no-store';
import { buildOpenApiDocument } from './openapi-document';
import { useSecurityHeaders } from './security-headers';
import type { AppConfig } from '../config/app-config';
import { DatabaseHealth } from '../health/database-health';
import { registerHealthRoute } from '../health/health.route';
import { ImpersonationActionLog } from '../impersonation/action-log/impersonation-action-log';
import { recordImpersonatedRequests } from '../impersonation/action-log/record-impersonated-requests';
import { createLogger, PinoNestLogger } from '../observability/logger';
import { AppMetrics } from '../observability/metrics';
import { registerMetricsRoute } from '../observability/metrics.route';
import { answerRequestIds, RequestLogController, requestIdOf } from '../observability/request-log';

const BODY_LIMIT_BYTES = 256 * 1024;

/** The built SPA: web/dist beside api/. */
export const WEB_DIST = resolve(__dirname, '..', '..', '..', 'web', 'dist');

/**
 * Builds the whole HTTP application — the same pipeline for `npm start`, the tests and the
 * benchmark: Fastify, security headers, cookies, validation, the SPEC error format, OpenAPI,
 * and the built SPA with client-side routes falling back to index.html.
 */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  logger: Logger = createLogger(config),
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    trustProxy: config.trustProxy,
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestIdOf,
    requestIdHeader: false,
    loggerInstance: logger,
    logController: new RequestLogController(),
    // Vantage has no Nest middleware: without @fastify/middie, no request walks its empty chain.
    skipMiddie: true,
    // A URL that cannot be decoded (`/api/x/%E0%A4%A`) is refused by the router before Nest sees it.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const { body, headers } = renderError(error, request.id);
      void reply.headers(headers).status(body.statusCode).send(body);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, databaseUrl), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());

  const fastify = app.getHttpAdapter().getInstance();
  answerUnsupportedMethods(fastify); // first: it learns every route as it is registered
  noStoreForApiAnswers(fastify);
  readJsonBodiesAsStrictUtf8(app, BODY_LIMIT_BYTES);
  answerRequestIds(fastify);
  recordImpersonatedRequests(fastify, app.get(ImpersonationActionLog));
  // Lines still buffered for stdout or LOG_FILE are written before the app is gone.
  fastify.addHook('onClose', (_instance, done) => logger.flush(() => done()));
  registerMetricsRoute(fastify, app.get(AppMetrics), config.metricsToken);
  useSecurityHeaders(fastify, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine sets style attributes at runtime; QR codes are data: images.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.appUrl.startsWith('https://') ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  // Setting cookies on replies; parsing is left to the one reader (auth/refresh-cookie.ts), so no
  // request pays for a hook that only the /api/auth routes need.
  await app.register(fastifyCookie, { hook: false });

  // The API speaks JSON only: a body of any other type is refused before it is parsed.
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD') return done();
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    if (hasBody && !/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
      void reply
        .status(415)
        .send({ statusCode: 415, code: ErrorCode.UNSUPPORTED_MEDIA_TYPE, message: errorMessages.UNSUPPORTED_MEDIA_TYPE });
      return;
    }
    done();
  });

  registerHealthRoute(fastify, app.get(DatabaseHealth));

  const serveSpa = existsSync(join(WEB_DIST, 'index.html'));
  app.useGlobalFilters(new AllExceptionsFilter(serveSpa));
  if (serveSpa) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: '/',
      wildcard: false,
      index: false,
      setHeaders: (res, path) => {
        res.header('Cache-Control', path.includes(`${join('dist', 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });

  return app;
}
