import { HttpStatus, ParseUUIDPipe } from '@nestjs/common';
import { AppException } from './app-exception';

/** `:id` path parameters must be UUIDs: anything else is a 400 naming the parameter. */
export const UuidParam = (field = 'id') =>
  new ParseUUIDPipe({
    version: undefined,
    errorHttpStatusCode: HttpStatus.BAD_REQUEST,
    exceptionFactory: () => AppException.validation([{ field, message: 'must be a UUID' }]),
  });
