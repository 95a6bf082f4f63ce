import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';
import { NameField, NewPasswordField } from '../auth/auth.dto';

/**
 * The field may be left out, but not sent as null: `@IsOptional()` would let null through to a
 * NOT NULL column.
 */
const Optional = () => ValidateIf((_dto: object, value: unknown) => value !== undefined);

/** Only these fields: role, email, team and 2FA state are not the profile's to change (400). */
export class UpdateProfileDto {
  @ApiPropertyOptional({ example: 'Ada', maxLength: 100 })
  @Optional()
  @NameField()
  firstName?: string;

  @ApiPropertyOptional({ example: 'Lovelace', maxLength: 100 })
  @Optional()
  @NameField()
  lastName?: string;

  @ApiPropertyOptional({ description: 'Whether Vantage support may impersonate me; switching it off ends active sessions' })
  @Optional()
  @IsBoolean()
  impersonationAllowed?: boolean;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(128)
  currentPassword: string;

  @ApiProperty({ minLength: 8, maxLength: 128 })
  @NewPasswordField()
  newPassword: string;
}
