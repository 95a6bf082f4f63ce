import { HttpStatus, ParseUUIDPipe } from '@nestjs/common';
import { AppException } from './app-exception';

/** A UUID as PostgreSQL's uuid type reads it (any version). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `:id` path parameters must be UUIDs: anything else is a 400 naming the parameter. */
export const UuidParam = (field = 'id') =>
  new ParseUUIDPipe({
    version: undefined,
    errorHttpStatusCode: HttpStatus.BAD_REQUEST,
    exceptionFactory: () => AppException.validation([{ field, message: 'must be a UUID' }]),
  });
