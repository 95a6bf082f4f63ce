import { ApiProperty } from '@nestjs/swagger';
import { NameField } from '../common/fields';

export class CreateTeamDto {
  @ApiProperty({ example: 'North Region', maxLength: 100 })
  @NameField()
  name: string;
}
