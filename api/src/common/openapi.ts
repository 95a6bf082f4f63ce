import { applyDecorators, type HttpStatus, SetMetadata } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { type ErrorCode, errorMessages } from '@vantage/contracts';
import { API_SCHEMAS } from './api-schemas';

/**
 * How a route states its answers in the OpenAPI document: the success status with the exact shape
 * (from api-schemas.ts, checked against the contracts types), and the refusals only this route
 * makes. Refusals that whole classes of routes share — authentication, throttling, validation, body
 * size and type, impersonation blocks, staff guards, an unreachable database — are added from the
 * route's metadata by bootstrap/openapi-document.ts, so a new route gets them without listing them.
 */

type Schema = object;

export const SCHEMAS = API_SCHEMAS;

/** The error body of one status, its `code` limited to the codes the operation answers with it. */
export function errorBodyFor(status: number, codes: readonly string[]): Schema {
  const { properties, ...rest } = API_SCHEMAS.errorBody;
  return {
    ...rest,
    properties: {
      ...properties,
      statusCode: { type: 'integer', enum: [status] },
      code: { type: 'string', enum: [...codes] },
    },
  };
}

export function describeCodes(codes: readonly string[]): string {
  return codes.map((code) => `\`${code}\`: ${errorMessages[code as ErrorCode] ?? code}`).join('\n\n');
}

/** The success answer: its status and exact body (none for 204). */
export function ApiAnswer(status: HttpStatus, description: string, schema?: Schema): MethodDecorator {
  return ApiResponse({ status, description, ...(schema ? { schema } : {}) });
}

/** Refusals only this route makes, by status, each with the codes it may carry and their sentences. */
export function ApiRefusals(refusals: Partial<Record<HttpStatus, ErrorCode[]>>): MethodDecorator {
  return applyDecorators(
    ...Object.entries(refusals).map(([status, codes = []]) =>
      ApiResponse({ status: Number(status), description: describeCodes(codes), schema: errorBodyFor(Number(status), codes) }),
    ),
  );
}

export const WITHOUT_DATABASE = Symbol('withoutDatabase');
/** The route reads no database (the development mailbox), so it never answers 503 for one that is down. */
export const ApiWithoutDatabase = () => SetMetadata(WITHOUT_DATABASE, true);
