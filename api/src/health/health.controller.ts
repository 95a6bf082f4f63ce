import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode, errorMessages } from '@vantage/contracts';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { DatabaseHealth } from './database-health';

const OK = { status: 'ok' };
const UNAVAILABLE = { statusCode: 503, code: ErrorCode.SERVICE_UNAVAILABLE, message: errorMessages.SERVICE_UNAVAILABLE, status: 'unavailable' };

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly database: DatabaseHealth) {}

  @Public()
  @Get()
  @ApiOperation({ summary: '200 {status:"ok"} while the database answers; 503 while it does not (probed every second)' })
  check(@Res({ passthrough: true }) reply: FastifyReply): object {
    if (this.database.isUp) return OK;
    reply.status(503).header('Retry-After', '5');
    return UNAVAILABLE;
  }
}
