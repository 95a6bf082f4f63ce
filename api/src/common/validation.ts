import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppException, FieldError } from './app-exception';

/**
 * DTO validation for every route: unknown fields are rejected (never stored), types are not
 * coerced from strings except in query DTOs (which opt in with @Type), every failing field is listed.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => AppException.validation(flatten(errors)),
  });
}

/** A wrong type makes every other rule on the field noise: report only the type then. */
const TYPE_CONSTRAINTS = ['whitelistValidation', 'isString', 'isInt', 'isNumber', 'isBoolean', 'isUuid', 'isIn', 'isEnum', 'isArray', 'isObject'];

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = error.constraints ?? {};
    const typeRule = TYPE_CONSTRAINTS.find((rule) => rule in constraints);
    const messages = typeRule ? [constraints[typeRule]] : Object.values(constraints);
    const own = messages.map((message) => ({ field, message: humanise(message, error.property) }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** class-validator says "email must be a string"; the field is already named, so say "must be a string". */
function humanise(message: string, property: string): string {
  if (/^property \S+ should not exist$/.test(message)) return 'is not an accepted field';
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}
