import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IMPERSONATION_MODES,
  IMPERSONATION_REASON_MAX_LENGTH,
  type ImpersonationMode,
  type PasskeyAssertion,
  type StartImpersonationRequest,
} from '@vantage/contracts';
import { IsIn, IsOptional, IsString, IsUUID, Matches, ValidateIf } from 'class-validator';
import { MaxCharacters, trim } from '../common/fields';
import { PASSKEY_ASSERTION_PROPERTY, PasskeyAssertionField } from '../two-factor/two-factor.dto';

export class StartImpersonationDto implements StartImpersonationRequest {
  @ApiProperty({ description: 'The user to impersonate' })
  @IsUUID(undefined, { message: 'must be a UUID' })
  userId: string;

  @ApiPropertyOptional({
    description: "A fresh code from the admin's authenticator app or email (required unless `passkey` is sent)",
    example: '123456',
  })
  @ValidateIf((dto: StartImpersonationDto) => dto.passkey === undefined || dto.code !== undefined)
  @IsString()
  @Matches(/^\d{6}$/, { message: 'must be a 6-digit code' })
  code?: string;

  @ApiPropertyOptional(PASSKEY_ASSERTION_PROPERTY)
  @PasskeyAssertionField()
  passkey?: PasskeyAssertion;

  @ApiPropertyOptional({ description: "A team of the target; default: the target's current team" })
  @IsOptional()
  @IsUUID(undefined, { message: 'must be a UUID' })
  teamId?: string;

  @ApiPropertyOptional({ description: 'Why support needs access (shown to the user)', maxLength: IMPERSONATION_REASON_MAX_LENGTH })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxCharacters(IMPERSONATION_REASON_MAX_LENGTH)
  @Matches(/^[^\p{Cc}]*$/u, { message: 'must not contain control characters' })
  reason?: string;

  @ApiPropertyOptional({
    enum: IMPERSONATION_MODES,
    description: "read: every request but GET/HEAD is refused. Default: write, or the access grant's mode when the team approves access",
  })
  @IsOptional()
  @IsIn(IMPERSONATION_MODES, { message: `must be one of ${IMPERSONATION_MODES.join(', ')}` })
  mode?: ImpersonationMode;
}

export class ListImpersonationsQuery {
  @ApiPropertyOptional({ description: 'true: only sessions still running' })
  @IsOptional()
  // Only the two words: IsBooleanString also took 1 and 0, and 1 then listed every session.
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  active?: 'true' | 'false';
}
