import Fastify from 'fastify';
import type { DatabaseHealth } from './database-health';
import { registerHealthRoute } from './health.route';

describe('GET /api/health', () => {
  const serve = async (isUp: boolean) => {
    const fastify = Fastify();
    registerHealthRoute(fastify, { isUp } as DatabaseHealth);
    return fastify.inject({ method: 'GET', url: '/api/health' });
  };

  it('answers 200 {status:"ok"} while the last probe reached the database', async () => {
    const res = await serve(true);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After while it did not', async () => {
    const res = await serve(false);
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', status: 'unavailable', message: expect.any(String) });
  });
});
