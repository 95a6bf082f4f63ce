import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode, errorMessages } from '@vantage/contracts';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Public()
  @Get()
  @HttpCode(200)
  @ApiOperation({ summary: '200 {status:"ok"} once the database answers; 503 while it does not' })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<object> {
    try {
      await this.db.query('SELECT 1');
      return { status: 'ok' };
    } catch {
      reply.status(503).header('Retry-After', '5');
      return { statusCode: 503, code: ErrorCode.SERVICE_UNAVAILABLE, message: errorMessages.SERVICE_UNAVAILABLE, status: 'unavailable' };
    }
  }
}
