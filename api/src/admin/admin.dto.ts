import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ASSISTED_RESET_REASON_MAX_LENGTH,
  type AssistedTwoFactorResetRequest,
  type ChangeRoleRequest,
  type Role,
  TEAMS_SEARCH_MAX_LENGTH,
} from '@vantage/contracts';
import { Transform } from 'class-transformer';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { FreeTextField } from '../common/fields';
import { TwoFactorCodeField } from '../two-factor/two-factor.dto';
import { PaginationQuery } from '../common/pagination';

export const ROLES: readonly Role[] = ['user', 'admin', 'super_admin'];

export class AdminTeamsQuery extends PaginationQuery {
  @ApiPropertyOptional({
    description: 'Part of a team name, owner name or owner email (any letter case)',
    maxLength: TEAMS_SEARCH_MAX_LENGTH,
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(TEAMS_SEARCH_MAX_LENGTH)
  // The search document separates its fields with newlines: a term must not contain one.
  @Matches(/^[^\p{Cc}]*$/u, { message: 'must not contain control characters' })
  search: string = '';
}

export class ChangeRoleDto implements ChangeRoleRequest {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `must be one of ${ROLES.join(', ')}` })
  role: Role;
}

export class AssistedTwoFactorResetDto implements AssistedTwoFactorResetRequest {
  @ApiProperty({ description: "A fresh code from the super admin's authenticator app or email", example: '123456', pattern: '^\\d{6}$' })
  @TwoFactorCodeField({ allowRecoveryCode: false })
  code: string;

  @ApiProperty({ description: 'Why (the user is told)', minLength: 1, maxLength: ASSISTED_RESET_REASON_MAX_LENGTH })
  @FreeTextField(ASSISTED_RESET_REASON_MAX_LENGTH, { required: true })
  reason: string;
}
