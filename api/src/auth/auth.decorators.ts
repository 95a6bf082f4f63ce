import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ErrorCode } from '@vantage/contracts';
import { AppException } from '../common/app-exception';
import type { AuthContext } from './auth-context';

export const IS_PUBLIC = Symbol('isPublic');
export const TWO_FACTOR_STEP = Symbol('twoFactorStep');
export const OPTIONAL_AUTH = Symbol('optionalAuth');

/** The route needs no token (secure by default: everything else does). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * The route serves both anonymous people and signed-in ones (accepting an invitation): without a
 * token it runs anonymously; with one, the token is checked as everywhere else (a bad token is a
 * 401, never anonymous). Read the caller with @OptionalCurrentUser().
 */
export const OptionalAuth = () => SetMetadata(OPTIONAL_AUTH, true);

/**
 * The route is part of the second sign-in step: reachable with a token that has passed the
 * password but not yet the second factor. Nothing else is.
 */
export const TwoFactorStep = () => SetMetadata(TWO_FACTOR_STEP, true);

/** The caller's AuthContext; throws when a route forgot to require authentication. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthContext => {
  const auth = ctx.switchToHttp().getRequest<{ auth?: AuthContext }>().auth;
  if (!auth) throw AppException.unauthorized(ErrorCode.UNAUTHORIZED);
  return auth;
});

/** The caller's AuthContext on an @OptionalAuth() route, or null when the request carries no token. */
export const OptionalCurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthContext | null => ctx.switchToHttp().getRequest<{ auth?: AuthContext }>().auth ?? null,
);
