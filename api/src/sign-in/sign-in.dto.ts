import { ApiProperty } from '@nestjs/swagger';
import {
  type ConfirmPasswordResetRequest,
  type LoginRequest,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type PasswordResetRequest,
  type RegisterRequest,
} from '@vantage/contracts';
import { IsString, Matches } from 'class-validator';
import { CurrentPasswordField, EmailField, NameField, NewPasswordField, PersonNameField } from '../common/fields';
import { LINK_TOKEN_PATTERN } from '../common/link-token';

export class RegisterDto implements RegisterRequest {
  @ApiProperty({ example: 'ada@example.com' })
  @EmailField()
  email: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @NewPasswordField()
  password: string;

  @ApiProperty({ example: 'Ada' })
  @PersonNameField('firstName')
  firstName: string;

  @ApiProperty({ example: 'Lovelace' })
  @PersonNameField('lastName')
  lastName: string;

  @ApiProperty({ example: 'Analytical Engines Ltd' })
  @NameField()
  teamName: string;
}

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'ada@example.com' })
  @EmailField()
  email: string;

  @ApiProperty({ maxLength: PASSWORD_MAX_LENGTH })
  @CurrentPasswordField()
  password: string;
}

export class PasswordResetDto implements PasswordResetRequest {
  @ApiProperty({ example: 'ada@example.com', format: 'email' })
  @EmailField()
  email: string;
}

export class ConfirmPasswordResetDto implements ConfirmPasswordResetRequest {
  @ApiProperty({
    description: 'The token from the emailed link (the last part of /reset-password/<token>)',
    pattern: LINK_TOKEN_PATTERN.source,
  })
  @IsString()
  @Matches(LINK_TOKEN_PATTERN, { message: 'must be the token from the emailed link' })
  token: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @NewPasswordField()
  password: string;
}
