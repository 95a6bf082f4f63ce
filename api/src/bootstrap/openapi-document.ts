import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ParseUUIDPipe, RequestMethod, type Type } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { THROTTLER_SKIP } from '@nestjs/throttler/dist/throttler.constants';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ErrorCode } from '@vantage/contracts';
import { getMetadataStorage } from 'class-validator';
import { AdminGuard, SuperAdminGuard } from '../auth/admin.guard';
import { IS_PUBLIC, OPTIONAL_AUTH, TWO_FACTOR_STEP } from '../auth/auth.decorators';
import { impersonationRefusalOf, readOnlyRefusalOf } from '../auth/no-impersonation.guard';
import { isCurrentTeamData } from '../auth/team-two-factor';
import { describeCodes, errorBodyFor, WITHOUT_DATABASE } from '../common/openapi';
import { documentedPattern } from '../common/openapi-patterns';
import { documentHealthRoute } from '../health/health.route';

/**
 * The OpenAPI document served at /api/docs/openapi.json. Nest's scanner reads the routes and their
 * `@Api*` decorators; then every operation gets, from its route's metadata:
 * - the refusals whole classes of routes share (authentication, throttling, validation, body size
 *   and media type, impersonation blocks, staff guards, an unreachable database) and its security;
 * - the constraints its validation enforces on path ids, query parameters and bodies, read from the
 *   same class-validator metadata the validation pipe runs (so the document cannot promise more or
 *   less than the pipe checks), and `additionalProperties: false` on bodies (unknown fields are 400).
 */

/** The parts of the document this file reads and writes. */
type Json = Record<string, unknown>;
interface SchemaObject extends Json {
  properties?: Record<string, Json>;
}
interface ResponseObject {
  description: string;
  content?: { 'application/json'?: { schema?: SchemaObject & { properties?: { code?: { enum?: string[] } } } } };
}
interface Parameter {
  in: string;
  name: string;
  schema?: Json;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: { 'application/json'?: { schema?: { $ref?: string } } } };
  responses: Record<string, ResponseObject>;
  security?: Record<string, string[]>[];
}
type Handler = (...args: unknown[]) => unknown;

export interface Route {
  path: string;
  method: string;
  controller: Type;
  handler: Handler;
  methodName: string;
}

const GLOBAL_PREFIX = 'api';
const BEARER = 'bearer';
const REFRESH_COOKIE = 'cookie';

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Vantage API')
      .setDescription(
        'Team CRM with two-factor authentication and safe support impersonation. Every error is {statusCode, code, message}: ' +
          'each operation lists the statuses it answers and, per status, the codes.',
      )
      .setVersion('1.0')
      .addBearerAuth(undefined, BEARER)
      .addCookieAuth(
        'vantage_refresh',
        { type: 'apiKey', in: 'cookie', description: 'The httpOnly refresh cookie (path /api/auth)' },
        REFRESH_COOKIE,
      )
      .build(),
  );
  documentHealthRoute(document);
  for (const route of routesOf(app)) {
    const operation = document.paths[route.path]?.[route.method as 'get'] as Operation | undefined;
    if (!operation) throw new Error(`The OpenAPI document has no ${route.method.toUpperCase()} ${route.path}`);
    documentParameters(operation, route);
    documentBody(document, operation, route);
    documentSharedRefusals(operation, route);
    documentSecurity(operation, route);
  }
  return document;
}

/** Every controller method with its path as the document writes it (`/api/teams/{id}`). */
export function routesOf(app: NestFastifyApplication): Route[] {
  const routes: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const methodName of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, Handler>)[methodName];
        if (methodName === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod].toLowerCase();
        const full = ['', GLOBAL_PREFIX, base, path]
          .flatMap((part) => part.split('/'))
          .filter(Boolean)
          .map((part) => (part.startsWith(':') ? `{${part.slice(1)}}` : part))
          .join('/');
        routes.push({ path: `/${full}`, method, controller, handler, methodName });
      }
    }
  }
  return routes;
}

function metadataOf<T>(key: string | symbol, route: Route): T | undefined {
  return (Reflect.getMetadata(key, route.handler) ?? Reflect.getMetadata(key, route.controller)) as T | undefined;
}

function guardsOf(route: Route): unknown[] {
  return [
    ...((Reflect.getMetadata(GUARDS_METADATA, route.controller) as unknown[]) ?? []),
    ...((Reflect.getMetadata(GUARDS_METADATA, route.handler) as unknown[]) ?? []),
  ];
}

interface RouteArgument {
  kind: RouteParamtypes;
  name?: string;
  pipes: unknown[];
  type?: Type;
}

function argumentsOf(route: Route): RouteArgument[] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, route.controller, route.methodName) ?? {}) as Record<
    string,
    { index: number; data?: string; pipes?: unknown[] }
  >;
  const types = (Reflect.getMetadata('design:paramtypes', route.controller.prototype as object, route.methodName) ?? []) as Type[];
  return Object.entries(args).map(([key, arg]) => ({
    kind: Number(key.split(':')[0]),
    name: arg.data,
    pipes: arg.pipes ?? [],
    type: types[arg.index],
  }));
}

/** Path ids as UUIDs, link tokens with their shape, query parameters with their validation. */
function documentParameters(operation: Operation, route: Route): void {
  const parameters = operation.parameters ?? [];
  for (const arg of argumentsOf(route)) {
    if (arg.kind === RouteParamtypes.PARAM && arg.name) {
      const parameter = parameters.find((p) => p.in === 'path' && p.name === arg.name);
      if (!parameter) continue;
      for (const pipe of arg.pipes) {
        if (pipe instanceof ParseUUIDPipe) parameter.schema = { type: 'string', format: 'uuid' };
        const pattern = (pipe as { pattern?: unknown }).pattern;
        if (pattern instanceof RegExp) parameter.schema = { type: 'string', pattern: documentedPattern(pattern) };
      }
    }
    if (arg.kind === RouteParamtypes.QUERY && arg.type) {
      const constraints = validationOf(arg.type);
      for (const parameter of parameters.filter((p) => p.in === 'query')) {
        const property = constraints.get(parameter.name);
        if (property) parameter.schema = { ...parameter.schema, ...property };
      }
    }
  }
}

/** The body's schema with every constraint the pipe enforces, closed to unknown fields. */
function documentBody(document: OpenAPIObject, operation: Operation, route: Route): void {
  const body = argumentsOf(route).find((arg) => arg.kind === RouteParamtypes.BODY && arg.type);
  const ref = operation.requestBody?.content?.['application/json']?.schema?.$ref;
  if (!body?.type || !ref) return;
  const schema = document.components?.schemas?.[ref.split('/').pop()!] as SchemaObject | undefined;
  if (!schema) return;
  schema.additionalProperties = false;
  schema.properties ??= {};
  for (const [name, constraints] of validationOf(body.type)) {
    schema.properties[name] = { ...schema.properties[name], ...constraints };
  }
}

/** What class-validator checks on each property of a DTO, as JSON schema keywords. */
function validationOf(dto: Type): Map<string, Json> {
  const byProperty = new Map<string, Json>();
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    const schema = byProperty.get(rule.propertyName) ?? {};
    byProperty.set(rule.propertyName, schema);
    const [first] = (rule.constraints ?? []) as unknown[];
    switch (rule.name) {
      case 'isString':
        schema.type = 'string';
        break;
      case 'isBoolean':
        schema.type = 'boolean';
        break;
      case 'isInt':
        schema.type = 'integer';
        break;
      case 'min':
        schema.minimum = first;
        break;
      case 'max':
        schema.maximum = first;
        break;
      case 'maxLength':
        schema.maxLength = first;
        break;
      case 'minLength':
        schema.minLength = first;
        break;
      case 'isNotEmpty':
        schema.minLength = Math.max(1, (schema.minLength as number | undefined) ?? 1);
        break;
      case 'isEmail':
        schema.format = 'email';
        break;
      case 'isUuid':
        schema.format = 'uuid';
        break;
      case 'matches':
        schema.pattern = documentedPattern(first as RegExp);
        break;
      case 'isIn':
        schema.enum = [...(first as unknown[])];
        break;
      case 'equals':
        schema.enum = [first];
        break;
    }
  }
  return byProperty;
}

function addRefusal(operation: Operation, status: number, codes: readonly string[]): void {
  const existing = operation.responses[String(status)] as ResponseObject | undefined;
  const known = existing?.content?.['application/json']?.schema?.properties?.code?.enum ?? [];
  const merged = [...new Set([...known, ...codes])];
  operation.responses[String(status)] = {
    description: describeCodes(merged),
    content: { 'application/json': { schema: errorBodyFor(status, merged) as SchemaObject } },
  };
}

/** The refusals that follow from what the route is, not from what it does. */
function documentSharedRefusals(operation: Operation, route: Route): void {
  const isPublic = metadataOf<boolean>(IS_PUBLIC, route) === true;
  const twoFactorStep = metadataOf<boolean>(TWO_FACTOR_STEP, route) === true;
  const hasBody = route.method !== 'get';
  const hasInput = hasBody || (operation.parameters ?? []).length > 0;

  if (hasInput) addRefusal(operation, 400, [ErrorCode.VALIDATION_FAILED, ...(hasBody ? [ErrorCode.MALFORMED_JSON] : [])]);
  if (!isPublic) {
    // The global guard: no or a bad token, a session ended, an impersonation over; before the second
    // factor only the 2FA step's routes are reachable.
    addRefusal(operation, 401, [
      ErrorCode.UNAUTHORIZED,
      ErrorCode.SESSION_EXPIRED,
      ErrorCode.IMPERSONATION_ENDED,
      ...(twoFactorStep ? [] : [ErrorCode.TWO_FACTOR_REQUIRED]),
    ]);
  }
  const readOnly = readOnlyRefusalOf({ ...route, isPublic });
  if (readOnly) addRefusal(operation, 403, [readOnly]);
  const blocked = impersonationRefusalOf(route.handler, route.controller);
  if (blocked) addRefusal(operation, 403, [blocked]);
  if (isCurrentTeamData(route.handler, route.controller)) addRefusal(operation, 403, [ErrorCode.TEAM_REQUIRES_TWO_FACTOR]);
  const guards = guardsOf(route);
  if (guards.includes(AdminGuard) || guards.includes(SuperAdminGuard)) addRefusal(operation, 403, [ErrorCode.FORBIDDEN]);
  if (hasBody) {
    // The body limit and the JSON-only hook apply to every request that has a body.
    addRefusal(operation, 413, [ErrorCode.PAYLOAD_TOO_LARGE]);
    addRefusal(operation, 415, [ErrorCode.UNSUPPORTED_MEDIA_TYPE]);
  }
  if (guards.includes(ThrottlerGuard) && metadataOf<boolean>(`${THROTTLER_SKIP}default`, route) !== true) {
    addRefusal(operation, 429, [ErrorCode.TOO_MANY_REQUESTS]);
  }
  if (metadataOf<boolean>(WITHOUT_DATABASE, route) !== true) addRefusal(operation, 503, [ErrorCode.SERVICE_UNAVAILABLE]);
  operation.responses = Object.fromEntries(Object.entries(operation.responses).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Who reads credentials: every route but the public ones takes the bearer token; an optional-auth
 * route takes one or none. Public routes that read a credential anyway (the refresh cookie, or the
 * token sign-out revokes) say so with `@ApiCookieAuth()` / `@ApiBearerAuth()`.
 */
function documentSecurity(operation: Operation, route: Route): void {
  const security = [...(operation.security ?? [])];
  if (metadataOf<boolean>(IS_PUBLIC, route) !== true && !security.some((entry) => BEARER in entry)) security.unshift({ [BEARER]: [] });
  if (metadataOf<boolean>(OPTIONAL_AUTH, route) === true) security.push({});
  if (security.length) operation.security = security;
}
