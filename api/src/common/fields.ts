import {
  EMAIL_MAX_LENGTH,
  hasVisibleCharacter,
  imitatesSupport,
  NAME_CHARACTERS,
  NAME_MAX_LENGTH,
  NAME_RULE_SENTENCES,
  nameLength,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type PersonNamePart,
} from '@vantage/contracts';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateBy, ValidateIf } from 'class-validator';

/** The field decorators request bodies share; the numbers come from contracts (the web app's forms use them too). */

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const normaliseEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** The characters a name may hold (contracts' rule; the OpenAPI document states it as `pattern`). */
export const NAME_PATTERN = NAME_CHARACTERS;

export function EmailField(): PropertyDecorator {
  return (target, key) => {
    Transform(normaliseEmail)(target, key);
    IsString()(target, key);
    MaxLength(EMAIL_MAX_LENGTH)(target, key);
    IsEmail({}, { message: 'must be an email address' })(target, key);
  };
}

/**
 * At most `max` characters as PostgreSQL's varchar counts them (code points). class-validator's
 * MaxLength does not count variation selectors, so a string it accepts could overflow the column.
 * Named `maxLength` with the limit as its constraint, so the OpenAPI document states it as such
 * (JSON Schema's maxLength counts code points too).
 */
export function MaxCharacters(max: number): PropertyDecorator {
  return ValidateBy({
    name: 'maxLength',
    constraints: [max],
    validator: {
      validate: (value: unknown) => typeof value === 'string' && nameLength(value) <= max,
      defaultMessage: () => NAME_RULE_SENTENCES.tooLong(max),
    },
  });
}

/** A rule of contracts/src/names.ts that has no JSON Schema keyword; `rule` answers its sentence or null. */
function NameRule(name: string, rule: (value: string) => string | null): PropertyDecorator {
  return ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => typeof value === 'string' && rule(value) === null,
      defaultMessage: (args) => (typeof args?.value === 'string' ? (rule(args.value) ?? 'is not valid') : 'must be a string'),
    },
  });
}

/** A team's, business's or lead's name: contracts' `nameProblem`, one check per JSON Schema keyword where there is one. */
export function NameField(max = NAME_MAX_LENGTH): PropertyDecorator {
  return (target, key) => {
    Transform(trim)(target, key);
    IsString()(target, key);
    IsNotEmpty({ message: NAME_RULE_SENTENCES.empty })(target, key);
    Matches(NAME_CHARACTERS, { message: NAME_RULE_SENTENCES.characters })(target, key);
    MaxCharacters(max)(target, key);
    // What no JSON Schema keyword says: something visible.
    NameRule('visibleName', (value) => (hasVisibleCharacter(value) ? null : NAME_RULE_SENTENCES.invisible))(target, key);
  };
}

/** A person's first or last name: a name that does not start like the support attribution ("Support team (…)"). */
export function PersonNameField(part: PersonNamePart): PropertyDecorator {
  return (target, key) => {
    NameField(NAME_MAX_LENGTH)(target, key);
    NameRule('notSupportName', (value) => (imitatesSupport(value, part) ? NAME_RULE_SENTENCES.imitatesSupport(part) : null))(target, key);
  };
}

/** 8–128 characters (passwords are pre-hashed before bcrypt, so the 72-byte limit never truncates). */
export function NewPasswordField(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    MinLength(PASSWORD_MIN_LENGTH, { message: `must be at least ${PASSWORD_MIN_LENGTH} characters` })(target, key);
    MaxLength(PASSWORD_MAX_LENGTH, { message: `must be at most ${PASSWORD_MAX_LENGTH} characters` })(target, key);
  };
}

/** A password typed to sign in or to confirm a change (never validated against the rules of a new one). */
export function CurrentPasswordField(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    IsNotEmpty({ message: 'must not be empty' })(target, key);
    MaxLength(PASSWORD_MAX_LENGTH)(target, key);
  };
}

/**
 * Free text (descriptions, comments, reasons): line breaks and tabs are fine, other control characters
 * are not — they are invisible in the UI and PostgreSQL refuses NUL outright (that would be a 500).
 */
export const FREE_TEXT_PATTERN = /^(?:[\t\n\r]|[^\p{Cc}])*$/u;

export function FreeTextField(max: number, options: { required: boolean }): PropertyDecorator {
  return (target, key) => {
    Transform(trim)(target, key);
    if (!options.required) IsOptional()(target, key);
    IsString()(target, key);
    if (options.required) IsNotEmpty({ message: 'must not be empty' })(target, key);
    MaxCharacters(max)(target, key);
    Matches(FREE_TEXT_PATTERN, { message: 'must not contain control characters' })(target, key);
  };
}

/**
 * The field may be left out, but not sent as null: `@IsOptional()` would let null through to a
 * NOT NULL column.
 */
export const OptionalField = () => ValidateIf((_dto: object, value: unknown) => value !== undefined);
