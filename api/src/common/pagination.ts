import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { PAGE_MAX, PAGE_SIZE_MAX } from '@vantage/contracts';
import { IsInt, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = PAGE_SIZE_MAX;

/** `?page=&pageSize=`: page from 1; pageSize 1–100 (larger values are refused, not clamped). */
export class PaginationQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PAGE_MAX)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = 20;

  get offset(): number {
    return (this.page - 1) * this.pageSize;
  }
}
