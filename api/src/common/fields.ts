import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@vantage/contracts';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';

/** The field decorators request bodies share; the numbers come from contracts (the web app's forms use them too). */

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const normaliseEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** A person's name: visible characters, no control characters. */
export const NAME_PATTERN = /^[^\p{Cc}\p{Cf}]+$/u;

export function EmailField(): PropertyDecorator {
  return (target, key) => {
    Transform(normaliseEmail)(target, key);
    IsString()(target, key);
    MaxLength(EMAIL_MAX_LENGTH)(target, key);
    IsEmail({}, { message: 'must be an email address' })(target, key);
  };
}

export function NameField(max = NAME_MAX_LENGTH): PropertyDecorator {
  return (target, key) => {
    Transform(trim)(target, key);
    IsString()(target, key);
    IsNotEmpty({ message: 'must not be empty' })(target, key);
    MaxLength(max)(target, key);
    Matches(NAME_PATTERN, { message: 'must not contain control characters' })(target, key);
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
    MaxLength(max)(target, key);
    Matches(FREE_TEXT_PATTERN, { message: 'must not contain control characters' })(target, key);
  };
}

/**
 * The field may be left out, but not sent as null: `@IsOptional()` would let null through to a
 * NOT NULL column.
 */
export const OptionalField = () => ValidateIf((_dto: object, value: unknown) => value !== undefined);
