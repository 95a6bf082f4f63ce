import { HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { ErrorCode, errorMessages } from '@vantage/contracts';
import { AppException, type FieldError } from './app-exception';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: FieldError[];
  details?: { teamId: string; teamName: string };
  requestId?: string;
}

export interface RenderedError {
  body: ErrorBody;
  headers: Record<string, string>;
}

const logger = new Logger('Errors');

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHORIZED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCode.TOO_MANY_REQUESTS,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

/** Fastify's own errors for bodies it cannot read, before Nest sees the request. */
const FASTIFY_ERRORS: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ErrorCode.MALFORMED_JSON,
  FST_ERR_CTP_EMPTY_JSON_BODY: ErrorCode.MALFORMED_JSON,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ErrorCode.VALIDATION_FAILED,
  FST_ERR_CTP_BODY_TOO_LARGE: ErrorCode.PAYLOAD_TOO_LARGE,
  FST_ERR_BAD_URL: ErrorCode.VALIDATION_FAILED,
};

/**
 * Database is unreachable: the answer is 503, not 500. Over a Unix socket (the embedded PostgreSQL)
 * a dropped connection is EPIPE, and a server that is down has no socket file: ENOENT on connect.
 */
const UNAVAILABLE_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03', '08006', '08001', '08003']);

/**
 * Turns anything thrown into the SPEC §5 error body. Stack traces, SQL and driver messages are
 * logged with the request id and never sent.
 */
export function renderError(error: unknown, requestId?: string): RenderedError {
  if (error instanceof AppException) {
    return { body: error.getResponse() as ErrorBody, headers: error.extra.headers ?? {} };
  }
  if (error instanceof ThrottlerException) {
    return {
      body: { statusCode: 429, code: ErrorCode.TOO_MANY_REQUESTS, message: errorMessages.TOO_MANY_REQUESTS },
      headers: {},
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const cause = error.cause as { code?: string } | undefined;
    // Fastify's body errors reach Nest's filters wrapped in an HttpException.
    const fastifyCode = cause?.code && FASTIFY_ERRORS[cause.code];
    if (fastifyCode || cause instanceof SyntaxError) {
      const code = fastifyCode || ErrorCode.MALFORMED_JSON;
      return { body: { statusCode: status, code, message: errorMessages[code] }, headers: {} };
    }
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.VALIDATION_FAILED);
    return { body: { statusCode: status, code, message: errorMessages[code] }, headers: {} };
  }
  const fastifyCode = (error as { code?: string })?.code;
  if (fastifyCode && FASTIFY_ERRORS[fastifyCode]) {
    const code = FASTIFY_ERRORS[fastifyCode];
    const status = (error as { statusCode?: number }).statusCode ?? 400;
    return { body: { statusCode: status, code, message: errorMessages[code] }, headers: {} };
  }
  const status = (error as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = CODE_BY_STATUS[status] ?? ErrorCode.VALIDATION_FAILED;
    return { body: { statusCode: status, code, message: errorMessages[code] }, headers: {} };
  }
  if (isDatabaseUnavailable(error)) {
    logger.warn(`[${requestId ?? '-'}] database unavailable: ${(error as Error).message}`);
    return {
      body: { statusCode: 503, code: ErrorCode.SERVICE_UNAVAILABLE, message: errorMessages.SERVICE_UNAVAILABLE },
      headers: { 'Retry-After': '5' },
    };
  }
  logger.error(`[${requestId ?? '-'}] ${(error as Error)?.stack ?? String(error)}`);
  return {
    body: { statusCode: 500, code: ErrorCode.INTERNAL_ERROR, message: errorMessages.INTERNAL_ERROR, requestId },
    headers: {},
  };
}

function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as {
    code?: string;
    syscall?: string;
    name?: string;
    message?: string;
    driverError?: { code?: string; syscall?: string };
  };
  const code = e?.driverError?.code ?? e?.code;
  if (code && UNAVAILABLE_ERRORS.has(code)) return true;
  if (code === 'ENOENT' && (e?.driverError?.syscall ?? e?.syscall) === 'connect') return true;
  // When the connection drops inside a transaction, TypeORM releases the query runner on the
  // driver's error event; the transaction's next statement (or COMMIT) then throws one of these.
  if (e?.name === 'QueryRunnerAlreadyReleasedError' || e?.name === 'QueryRunnerProviderAlreadyReleasedError') return true;
  const message = e?.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (shutting down|starting up)/i.test(
    message,
  );
}
