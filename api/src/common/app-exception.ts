import { HttpException, HttpStatus } from '@nestjs/common';
import { ErrorCode, errorMessages, type TeamRequiringTwoFactor } from '@vantage/contracts';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * The one exception type of the API: a stable `code` (see @vantage/contracts), an HTTP status and
 * a sentence. `headers` lets a 429 carry `Retry-After`. The error filter renders it.
 */
export class AppException extends HttpException {
  constructor(
    readonly code: ErrorCode,
    status: HttpStatus,
    message: string = errorMessages[code],
    readonly extra: {
      errors?: FieldError[];
      headers?: Record<string, string>;
      attemptsLeft?: number;
      details?: TeamRequiringTwoFactor;
    } = {},
  ) {
    super(
      {
        statusCode: status,
        code,
        message,
        ...(extra.errors ? { errors: extra.errors } : {}),
        ...(extra.attemptsLeft !== undefined ? { attemptsLeft: extra.attemptsLeft } : {}),
        ...(extra.details ? { details: extra.details } : {}),
      },
      status,
    );
  }

  static validation(errors: FieldError[]): AppException {
    const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    return new AppException(ErrorCode.VALIDATION_FAILED, HttpStatus.BAD_REQUEST, `Invalid input — ${summary}`, { errors });
  }

  static unauthorized(code: ErrorCode = ErrorCode.UNAUTHORIZED, message?: string): AppException {
    return new AppException(code, HttpStatus.UNAUTHORIZED, message);
  }

  static forbidden(code: ErrorCode = ErrorCode.FORBIDDEN, message?: string): AppException {
    return new AppException(code, HttpStatus.FORBIDDEN, message);
  }

  static notFound(code: ErrorCode = ErrorCode.NOT_FOUND, message?: string): AppException {
    return new AppException(code, HttpStatus.NOT_FOUND, message);
  }

  static tooManyRequests(code: ErrorCode, retryAfterSeconds: number, message?: string): AppException {
    return new AppException(code, HttpStatus.TOO_MANY_REQUESTS, message, {
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    });
  }
}
