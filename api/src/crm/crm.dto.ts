import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  COMMENT_MAX_LENGTH,
  CRM_NAME_MAX_LENGTH,
  type CreateBusinessRequest,
  type CreateCommentRequest,
  type CreateLeadRequest,
  DESCRIPTION_MAX_LENGTH,
  LEAD_STATUSES,
  type LeadStatus,
  type UpdateLeadStatusRequest,
} from '@vantage/contracts';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { EmailField, FreeTextField, NameField } from '../common/fields';
import { PaginationQuery } from '../common/pagination';

const statusRule = () => IsIn(LEAD_STATUSES, { message: `must be one of ${LEAD_STATUSES.join(', ')}` });

export class CreateBusinessDto implements CreateBusinessRequest {
  @ApiProperty({ example: 'Harbor Freight Co', maxLength: CRM_NAME_MAX_LENGTH })
  @NameField(CRM_NAME_MAX_LENGTH)
  name: string;

  @ApiPropertyOptional({ maxLength: DESCRIPTION_MAX_LENGTH, nullable: true })
  @FreeTextField(DESCRIPTION_MAX_LENGTH, { required: false })
  description?: string | null;
}

export class CreateLeadDto implements CreateLeadRequest {
  @ApiProperty({ example: 'Jordan Lee', maxLength: CRM_NAME_MAX_LENGTH })
  @NameField(CRM_NAME_MAX_LENGTH)
  name: string;

  @ApiPropertyOptional({ example: 'jordan@harborfreight.example', nullable: true })
  @IsOptional()
  @EmailField()
  email?: string | null;

  @ApiPropertyOptional({ description: 'A business of the current team', format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID(undefined, { message: 'must be a UUID' })
  businessId?: string | null;

  @ApiPropertyOptional({ enum: LEAD_STATUSES, default: 'new' })
  @IsOptional()
  @statusRule()
  status?: LeadStatus;
}

export class UpdateLeadStatusDto implements UpdateLeadStatusRequest {
  @ApiProperty({ enum: LEAD_STATUSES })
  @statusRule()
  status: LeadStatus;
}

export class CreateCommentDto implements CreateCommentRequest {
  @ApiProperty({ example: 'Called them, they want a quote by Friday.', maxLength: COMMENT_MAX_LENGTH })
  @FreeTextField(COMMENT_MAX_LENGTH, { required: true })
  text: string;
}

/** `GET /leads`: pagination plus optional filters, each validated like a body field. */
export class ListLeadsQuery extends PaginationQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID(undefined, { message: 'must be a UUID' })
  businessId?: string;

  @ApiPropertyOptional({ enum: LEAD_STATUSES })
  @IsOptional()
  @statusRule()
  status?: LeadStatus;
}
