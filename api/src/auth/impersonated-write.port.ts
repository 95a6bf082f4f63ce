import { SetMetadata } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Every request made during an impersonation is shown to the customer (SPEC §10). A write must never
 * happen without its entry: the global guard hands each impersonated request that is not a read to
 * this port once the session is loaded — before any refusal (read-only, blocked action, validation),
 * so refused attempts are listed too — and waits until the entry is stored. The impersonation
 * feature owns the log and provides this (the auth core imports no feature). An abstract class, so it
 * is both the type and Nest's injection token.
 */
export abstract class ImpersonatedWriteRecorder {
  abstract recordBeforeHandling(impersonationId: string, request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

/** GET and HEAD change nothing: they are logged after their answer, in batches, off the request's path. */
export function isReadMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

export const WRITES_OWN_ACTION_ENTRY = Symbol('writesOwnActionEntry');

/**
 * The handler writes its request's entry itself, in the statement of its change (returning from an
 * impersonation: one round trip fewer, and the entry and the change commit together); the guard
 * then does not write it first. Should the request be refused before its handler, the log still
 * lists it, after the answer.
 */
export const WritesOwnActionEntry = () => SetMetadata(WRITES_OWN_ACTION_ENTRY, true);
