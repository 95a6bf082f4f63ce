import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ACCESS_REQUEST_MAX_MINUTES,
  ACCESS_REQUEST_MIN_MINUTES,
  type ApproveAccessRequest,
  type CreateAccessRequest,
  IMPERSONATION_MODES,
  IMPERSONATION_REASON_MAX_LENGTH,
  type ImpersonationMode,
} from '@vantage/contracts';
import { IsIn, IsInt, IsUUID, Max, Min } from 'class-validator';
import { FreeTextField, OptionalField } from '../../common/fields';

const MINUTES_RULE = `must be a whole number of minutes from ${ACCESS_REQUEST_MIN_MINUTES} to ${ACCESS_REQUEST_MAX_MINUTES}`;

export class CreateAccessRequestDto implements CreateAccessRequest {
  @ApiProperty({ description: 'The person whose account support asks to enter' })
  @IsUUID(undefined, { message: 'must be a UUID' })
  userId: string;

  @ApiProperty({ description: 'A team of that person: the one support would enter' })
  @IsUUID(undefined, { message: 'must be a UUID' })
  teamId: string;

  @ApiProperty({
    description: 'Why support needs access (shown to the person and the owners)',
    minLength: 1,
    maxLength: IMPERSONATION_REASON_MAX_LENGTH,
  })
  @FreeTextField(IMPERSONATION_REASON_MAX_LENGTH, { required: true })
  reason: string;

  @ApiProperty({ enum: IMPERSONATION_MODES, description: 'read: support may only look; write: support may also make changes' })
  @IsIn(IMPERSONATION_MODES, { message: `must be one of ${IMPERSONATION_MODES.join(', ')}` })
  mode: ImpersonationMode;

  @ApiProperty({
    description: 'How long the access would last once approved',
    minimum: ACCESS_REQUEST_MIN_MINUTES,
    maximum: ACCESS_REQUEST_MAX_MINUTES,
  })
  @IsInt({ message: MINUTES_RULE })
  @Min(ACCESS_REQUEST_MIN_MINUTES, { message: MINUTES_RULE })
  @Max(ACCESS_REQUEST_MAX_MINUTES, { message: MINUTES_RULE })
  durationMinutes: number;
}

export class ApproveAccessRequestDto implements ApproveAccessRequest {
  @ApiPropertyOptional({
    description: 'A shorter window than was asked for; default: the time asked for',
    minimum: ACCESS_REQUEST_MIN_MINUTES,
    maximum: ACCESS_REQUEST_MAX_MINUTES,
  })
  @OptionalField()
  @IsInt({ message: MINUTES_RULE })
  @Min(ACCESS_REQUEST_MIN_MINUTES, { message: MINUTES_RULE })
  @Max(ACCESS_REQUEST_MAX_MINUTES, { message: MINUTES_RULE })
  durationMinutes?: number;
}
