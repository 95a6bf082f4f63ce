import { ApiProperty } from '@nestjs/swagger';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type LoginRequest, type RegisterRequest } from '@vantage/contracts';
import { CurrentPasswordField, EmailField, NameField, NewPasswordField } from '../common/fields';

export class RegisterDto implements RegisterRequest {
  @ApiProperty({ example: 'ada@example.com' })
  @EmailField()
  email: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
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

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'ada@example.com' })
  @EmailField()
  email: string;

  @ApiProperty({ maxLength: PASSWORD_MAX_LENGTH })
  @CurrentPasswordField()
  password: string;
}
