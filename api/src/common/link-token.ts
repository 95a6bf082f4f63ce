import { type PipeTransform } from '@nestjs/common';
import type { ErrorCode } from '@vantage/contracts';
import { createHash, randomBytes } from 'node:crypto';
import { AppException } from './app-exception';

/**
 * Tokens in emailed links (invitations, password resets): 256 bits from the CSPRNG, base64url. Only
 * their SHA-256 is stored, so the database never holds a working link, and a lookup compares hashes
 * in PostgreSQL's unique index — never the token itself, so its timing says nothing about it.
 */
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: linkTokenHash(token) };
}

export function linkTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A link token in the path: anything not shaped like one is the same "no such link" as an unknown one. */
export const LinkTokenParam = (notFound: ErrorCode): PipeTransform<string, string> & { pattern: RegExp } => ({
  // Read by the OpenAPI document, which states the shape a link token has.
  pattern: LINK_TOKEN_PATTERN,
  transform(value: string): string {
    if (!LINK_TOKEN_PATTERN.test(value)) throw AppException.notFound(notFound);
    return value;
  },
});
