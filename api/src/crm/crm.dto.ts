import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LEAD_STATUSES, type LeadStatus } from '@vantage/contracts';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { EmailField, NameField } from '../common/fields';
import { PaginationQuery } from '../common/pagination';

export const CRM_NAME_MAX = 200;
export const DESCRIPTION_MAX = 2000;
export const COMMENT_TEXT_MAX = 5000;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * Free text (descriptions, comments): line breaks and tabs are fine, other control characters are
 * not — they are invisible in the UI and PostgreSQL refuses NUL outright (that would be a 500).
 */
const FREE_TEXT_PATTERN = /^(?:[\t\n\r]|[^\p{Cc}])*$/u;

function FreeTextField(max: number, options: { required: boolean }): PropertyDecorator {
  return (target, key) => {
    Transform(trim)(target, key);
    if (!options.required) IsOptional()(target, key);
    IsString()(target, key);
    if (options.required) IsNotEmpty({ message: 'must not be empty' })(target, key);
    MaxLength(max)(target, key);
    Matches(FREE_TEXT_PATTERN, { message: 'must not contain control characters' })(target, key);
  };
}

const statusRule = () => IsIn(LEAD_STATUSES, { message: `must be one of ${LEAD_STATUSES.join(', ')}` });

export class CreateBusinessDto {
  @ApiProperty({ example: 'Harbor Freight Co', maxLength: CRM_NAME_MAX })
  @NameField(CRM_NAME_MAX)
  name: string;

  @ApiPropertyOptional({ maxLength: DESCRIPTION_MAX, nullable: true })
  @FreeTextField(DESCRIPTION_MAX, { required: false })
  description?: string | null;
}

export class CreateLeadDto {
  @ApiProperty({ example: 'Jordan Lee', maxLength: CRM_NAME_MAX })
  @NameField(CRM_NAME_MAX)
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

export class UpdateLeadStatusDto {
  @ApiProperty({ enum: LEAD_STATUSES })
  @statusRule()
  status: LeadStatus;
}

export class CreateCommentDto {
  @ApiProperty({ example: 'Called them, they want a quote by Friday.', maxLength: COMMENT_TEXT_MAX })
  @FreeTextField(COMMENT_TEXT_MAX, { required: true })
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
