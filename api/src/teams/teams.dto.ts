import { ApiProperty } from '@nestjs/swagger';
import { type CreateTeamRequest, NAME_MAX_LENGTH } from '@vantage/contracts';
import { NameField } from '../common/fields';

export class CreateTeamDto implements CreateTeamRequest {
  @ApiProperty({ example: 'North Region', maxLength: NAME_MAX_LENGTH })
  @NameField()
  name: string;
}
