import { ArgumentsHost, Catch, ExceptionFilter, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { renderError } from './error-body';

/**
 * Every error leaving a controller, guard or pipe gets the SPEC §5 shape. An unknown GET path
 * outside /api is a client-side route of the SPA: it gets index.html, so /teams can be reloaded.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly serveSpa: boolean) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (this.serveSpa && error instanceof NotFoundException && this.isSpaRoute(request)) {
      void reply.header('Cache-Control', 'no-cache').type('text/html').sendFile('index.html');
      return;
    }
    const { body, headers } = renderError(error, request.id);
    void reply.headers(headers).status(body.statusCode).send(body);
  }

  private isSpaRoute(request: FastifyRequest): boolean {
    const path = request.url.split('?')[0];
    return (request.method === 'GET' || request.method === 'HEAD') && path !== '/api' && !path.startsWith('/api/');
  }
}
