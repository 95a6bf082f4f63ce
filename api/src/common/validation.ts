import { type ArgumentMetadata, type ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { AppException, type FieldError } from './app-exception';

/**
 * Request bodies of this API are flat objects. A deeper value is hostile: class-transformer walks
 * every nested level recursively, and a 256 KB body of `[[[[…` overflowed the stack (a 500).
 */
export const MAX_INPUT_DEPTH = 8;

/** What the API says of a field it does not take, wherever the field is found. */
const UNKNOWN_FIELD_MESSAGE = 'is not an accepted field';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Names every object inherits (`constructor`, `toString`, `__proto__`…): never a field of this API's input. */
const INHERITED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * The first of three problems found in one walk of the input (iterative: a hostile body cannot overflow
 * the stack), with the path of the value (`name`, `tags.0`, `passkey.response.constructor`), or null:
 * - nested more than MAX_INPUT_DEPTH levels: class-transformer walks every level recursively, and a
 *   256 KB body of `[[[[…` overflowed the stack (a 500) — reported at `where`;
 * - a string that is not well-formed Unicode (half of a surrogate pair, which JSON can carry as
 *   `"\ud800"`): PostgreSQL refused it in jsonb and the email validator threw on it (500s);
 * - a field named like a member of Object.prototype, at any depth: class-transformer drops such fields
 *   from nested objects without a word, so the pipe's check of unknown fields would never see them.
 */
export function inputProblem(value: unknown, prefix: string, where: string): FieldError | null {
  const stack: [unknown, string, number][] = [[value, prefix, 0]];
  while (stack.length) {
    const [current, at, depth] = stack.pop()!;
    if (typeof current === 'string') {
      if (LONE_SURROGATE.test(current)) return { field: at || where, message: 'must be valid Unicode text' };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) return { field: where, message: `is nested more than ${MAX_INPUT_DEPTH} levels deep` };
    for (const [key, child] of Object.entries(current)) {
      const path = at ? `${at}.${key}` : key;
      if (!Array.isArray(current) && INHERITED_NAMES.has(key)) return { field: path, message: UNKNOWN_FIELD_MESSAGE };
      stack.push([child, path, depth + 1]);
    }
  }
  return null;
}

/**
 * Nest's ValidationPipe plus four refusals it lets through:
 * - input nested deeper than MAX_INPUT_DEPTH, and text that is not well-formed Unicode (inputProblem);
 * - a DTO body that is JSON but not an object (`null` passed as an empty patch);
 * - fields named like members of Object.prototype (`constructor`, `toString`, `hasOwnProperty`…), at any
 *   depth (inputProblem): class-transformer and class-validator's whitelist check let them through.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Values of custom parameter decorators (@CurrentUser…) come from the server, not the client.
    if (metadata.type === 'custom') return value;
    const where = metadata.data ?? metadata.type;
    const problem = inputProblem(value, metadata.data ?? '', where);
    if (problem) throw AppException.validation([problem]);
    const isDto = !metadata.data && typeof metadata.metatype === 'function' && !BUILT_IN_TYPES.has(metadata.metatype);
    if (isDto && metadata.type === 'body' && value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw AppException.validation([{ field: 'body', message: 'must be a JSON object' }]);
    }
    if (isDto && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const declared = declaredFields(metadata.metatype);
      const unknown = Object.keys(value).filter((key) => !declared.has(key));
      if (unknown.length) throw AppException.validation(unknown.map((field) => ({ field, message: UNKNOWN_FIELD_MESSAGE })));
    }
    return super.transform(value, metadata);
  }
}

/** A class, as Nest's ArgumentMetadata.metatype names it. */
type Constructor = abstract new (...args: never[]) => unknown;

/** Types that are not DTOs (Nest's pipe skips them the same way). */
const BUILT_IN_TYPES = new Set<Constructor>([String, Boolean, Number, Array, Object, Buffer, Date]);

const declaredFieldsCache = new WeakMap<Constructor, Set<string>>();

/** The properties a DTO declares (each has at least one validation decorator). */
function declaredFields(dto: Constructor): Set<string> {
  let fields = declaredFieldsCache.get(dto);
  if (!fields) {
    fields = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(dto, '', true, false)
        .map((rule) => rule.propertyName),
    );
    declaredFieldsCache.set(dto, fields);
  }
  return fields;
}

/**
 * DTO validation for every route: unknown fields are rejected (never stored), types are not
 * coerced from strings except in query DTOs (which opt in with @Type), every failing field is listed
 * (see StrictValidationPipe for what Nest's pipe alone let through).
 */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
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
const TYPE_CONSTRAINTS = [
  'whitelistValidation',
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isUuid',
  'isIn',
  'isEnum',
  'isArray',
  'isObject',
];

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
  if (/^property \S+ should not exist$/.test(message)) return UNKNOWN_FIELD_MESSAGE;
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}
