import { ApiProperty } from '@nestjs/swagger';
import { NameField } from '../auth/auth.dto';

export class CreateTeamDto {
  @ApiProperty({ example: 'North Region', maxLength: 100 })
  @NameField()
  name: string;
}
