import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import { ErrorCode } from '@vantage/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service';
import type { AuthContext } from '../auth/auth-context';
import { AppException } from '../common/app-exception';
import { renderError } from '../common/error-body';

/**
 * Every refused impersonation attempt is audited — whether a guard (not an admin, already
 * impersonating) or a rule (wrong code, opted-out target…) refused it — then answered as usual.
 * Filters see guard exceptions too, so this is the one place refusals are recorded.
 */
@Catch()
@Injectable()
export class ImpersonationRefusalAuditFilter implements ExceptionFilter {
  constructor(private readonly audit: AuditService) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest & { auth?: AuthContext; body?: { userId?: unknown } }>();
    const reply = http.getResponse<FastifyReply>();
    if (request.auth && error instanceof AppException && error.code !== ErrorCode.VALIDATION_FAILED) {
      const target = typeof request.body?.userId === 'string' ? request.body.userId.slice(0, 64) : null;
      await this.audit
        .record({
          action: 'impersonation.refused',
          teamId: request.auth.teamId,
          actor: request.auth,
          entityType: 'user',
          entityId: target,
          details: { code: error.code },
          ipAddress: request.ip,
        })
        .catch(() => undefined);
    }
    const { body, headers } = renderError(error, request.id);
    void reply.headers(headers).status(body.statusCode).send(body);
  }
}
