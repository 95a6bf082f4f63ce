import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import { ErrorCode } from '@vantage/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service';
import type { AuthContext } from '../auth/auth-context';
import { AppException } from '../common/app-exception';
import { renderError } from '../common/error-body';
import { UUID_PATTERN } from '../common/uuid-param';

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
      // Guards refuse before the body is validated: only a well-formed id is worth recording (a NUL
      // byte in it made PostgreSQL refuse the audit entry, which was then lost).
      const target = typeof request.body?.userId === 'string' && UUID_PATTERN.test(request.body.userId) ? request.body.userId : null;
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
