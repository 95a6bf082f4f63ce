import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type AcceptInvitationRequest,
  type ChangeMemberRoleRequest,
  type CreateTeamRequest,
  type InviteMemberRequest,
  NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  SUPPORT_ACCESS_POLICIES,
  type SupportAccessPolicy,
  type TeamRole,
  type UpdateTeamRequest,
} from '@vantage/contracts';
import { IsBoolean, IsIn } from 'class-validator';
import { EmailField, NameField, NewPasswordField, OptionalField, PersonNameField } from '../common/fields';

export const TEAM_ROLES: readonly TeamRole[] = ['owner', 'member'];
const TeamRoleField = () => IsIn(TEAM_ROLES, { message: `must be one of ${TEAM_ROLES.join(', ')}` });

export class CreateTeamDto implements CreateTeamRequest {
  @ApiProperty({ example: 'North Region', maxLength: NAME_MAX_LENGTH })
  @NameField()
  name: string;
}

/** The name and the team's policies; a field left out is left as it is. */
export class UpdateTeamDto implements UpdateTeamRequest {
  @ApiPropertyOptional({ example: 'North Region', maxLength: NAME_MAX_LENGTH })
  @OptionalField()
  @NameField()
  name?: string;

  @ApiPropertyOptional({
    description: 'true: members without two-factor authentication are refused the team’s data until they turn it on',
  })
  @OptionalField()
  @IsBoolean({ message: 'must be true or false' })
  requireTwoFactor?: boolean;

  @ApiPropertyOptional({
    enum: SUPPORT_ACCESS_POLICIES,
    description:
      'allowed: support may enter after a fresh 2FA code; approval: only with an approved access request; never: nobody from support',
  })
  @OptionalField()
  @IsIn(SUPPORT_ACCESS_POLICIES, { message: `must be one of ${SUPPORT_ACCESS_POLICIES.join(', ')}` })
  supportAccess?: SupportAccessPolicy;
}

export class InviteMemberDto implements InviteMemberRequest {
  @ApiProperty({ example: 'grace@example.com', format: 'email' })
  @EmailField()
  email: string;

  @ApiProperty({ enum: TEAM_ROLES })
  @TeamRoleField()
  role: TeamRole;
}

export class ChangeMemberRoleDto implements ChangeMemberRoleRequest {
  @ApiProperty({ enum: TEAM_ROLES })
  @TeamRoleField()
  role: TeamRole;
}

/** Signed in: an empty body. Without an account: the new account's names and password, all three. */
export class AcceptInvitationDto implements AcceptInvitationRequest {
  @ApiPropertyOptional({ example: 'Grace', maxLength: NAME_MAX_LENGTH, description: 'Without an account: required' })
  @OptionalField()
  @PersonNameField('firstName')
  firstName?: string;

  @ApiPropertyOptional({ example: 'Hopper', maxLength: NAME_MAX_LENGTH, description: 'Without an account: required' })
  @OptionalField()
  @PersonNameField('lastName')
  lastName?: string;

  @ApiPropertyOptional({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, description: 'Without an account: required' })
  @OptionalField()
  @NewPasswordField()
  password?: string;
}
