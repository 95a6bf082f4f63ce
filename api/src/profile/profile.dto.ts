import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import {
  type ChangePasswordRequest,
  NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type UpdateProfileRequest,
} from '@vantage/contracts';
import { IsBoolean } from 'class-validator';
import { CurrentPasswordField, NewPasswordField, OptionalField, PersonNameField } from '../common/fields';

/** Only these fields: role, email, team and 2FA state are not the profile's to change (400). */
export class UpdateProfileDto implements UpdateProfileRequest {
  @ApiPropertyOptional({ example: 'Ada', maxLength: NAME_MAX_LENGTH })
  @OptionalField()
  @PersonNameField('firstName')
  firstName?: string;

  @ApiPropertyOptional({ example: 'Lovelace', maxLength: NAME_MAX_LENGTH })
  @OptionalField()
  @PersonNameField('lastName')
  lastName?: string;

  @ApiPropertyOptional({ description: 'Whether Vantage support may impersonate me; switching it off ends active sessions' })
  @OptionalField()
  @IsBoolean()
  impersonationAllowed?: boolean;
}

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty({ maxLength: PASSWORD_MAX_LENGTH })
  @CurrentPasswordField()
  currentPassword: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @NewPasswordField()
  newPassword: string;
}
