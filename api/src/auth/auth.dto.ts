import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsString, Matches, MaxLength, MinLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const normaliseEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** A person's name: visible characters, no control characters. */
export const NAME_PATTERN = /^[^\p{Cc}\p{Cf}]+$/u;

export function EmailField(): PropertyDecorator {
  return (target, key) => {
    Transform(normaliseEmail)(target, key);
    IsString()(target, key);
    MaxLength(254)(target, key);
    IsEmail({}, { message: 'must be an email address' })(target, key);
  };
}

export function NameField(max = 100): PropertyDecorator {
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
    MinLength(8, { message: 'must be at least 8 characters' })(target, key);
    MaxLength(128, { message: 'must be at most 128 characters' })(target, key);
  };
}

export class RegisterDto {
  @ApiProperty({ example: 'ada@example.com' })
  @EmailField()
  email: string;

  @ApiProperty({ minLength: 8, maxLength: 128 })
  @NewPasswordField()
  password: string;

  @ApiProperty({ example: 'Ada' })
  @NameField()
  firstName: string;

  @ApiProperty({ example: 'Lovelace' })
  @NameField()
  lastName: string;

  @ApiProperty({ example: 'Analytical Engines Ltd' })
  @NameField()
  teamName: string;
}

export class LoginDto {
  @ApiProperty({ example: 'ada@example.com' })
  @EmailField()
  email: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(128)
  password: string;
}
