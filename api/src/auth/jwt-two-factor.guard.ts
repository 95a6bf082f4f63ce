import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ErrorCode } from '@vantage/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppException } from '../common/app-exception';
import { AuthContextLoader } from './auth-context.loader';
import type { AuthContext } from './auth-context';
import { IS_PUBLIC, OPTIONAL_AUTH, TWO_FACTOR_STEP } from './auth.decorators';
import { bearerTokenOf } from './bearer-token';
import { ImpersonatedWriteRecorder, isReadMethod, WRITES_OWN_ACTION_ENTRY } from './impersonated-write.port';
import { ImpersonationOverHandler } from './impersonation-over.port';
import { AccessTokenClaims, TokenService } from './token.service';
import { SessionService } from './session.service';
import { VerifiedTokenCache } from './verified-token-cache';

const LAST_SEEN_PRECISION_MS = 60_000;

type AuthedRequest = FastifyRequest & { user?: AccessTokenClaims; auth?: AuthContext };

/**
 * The global guard: every route needs a valid access token unless marked @Public().
 * It checks the token (HS256 only, expiry required; a token already verified by this instance is
 * not verified again, see VerifiedTokenCache), loads the session in one query (so a revoked
 * session or an ended impersonation is refused at once on every instance), and enforces two-factor:
 * a user with 2FA on whose session has not passed it reaches only @TwoFactorStep() routes.
 */
@Injectable()
export class JwtTwoFactorGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly loader: AuthContextLoader,
    private readonly tokens: TokenService,
    private readonly impersonationOver: ImpersonationOverHandler,
    private readonly verifiedTokens: VerifiedTokenCache,
    private readonly sessions: SessionService,
    private readonly impersonatedWrites: ImpersonatedWriteRecorder,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const token = bearerTokenOf(request);
    if (!token && this.reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH, targets)) return true;
    const known = token ? this.verifiedTokens.claimsOf(token) : undefined;
    if (known) {
      request.user = known;
    } else {
      await super.canActivate(context); // passport-jwt: signature, algorithm, expiry, claim shapes
      if (token) this.verifiedTokens.remember(token, request.user!);
    }
    const claims = request.user!;

    const loaded = await this.loader.load(claims.sid, claims.sub);
    if (loaded.status === 'impersonation_over') {
      await this.impersonationOver.closeFoundOver(loaded.impersonationId);
      throw AppException.unauthorized(ErrorCode.IMPERSONATION_ENDED);
    }
    if (loaded.status === 'gone') throw AppException.unauthorized(ErrorCode.SESSION_EXPIRED);

    const auth = loaded.context;
    // Support's writes are logged for the customer before anything else may refuse or run them
    // (read-only, blocked actions and validation come later and are logged as attempts).
    if (
      auth.impersonation &&
      !isReadMethod(request.method) &&
      !this.reflector.getAllAndOverride<boolean>(WRITES_OWN_ACTION_ENTRY, targets)
    ) {
      await this.impersonatedWrites.recordBeforeHandling(
        auth.impersonation.id,
        request,
        context.switchToHttp().getResponse<FastifyReply>(),
      );
    }
    const isTwoFactorStep = this.reflector.getAllAndOverride<boolean>(TWO_FACTOR_STEP, targets);
    const needsSecondFactor =
      auth.sessionKind === 'pending_two_factor' ||
      (auth.sessionKind === 'full' && auth.user.isTwoFactorEnabled && !auth.twoFactorAuthenticated);
    if (needsSecondFactor && !isTwoFactorStep) throw AppException.unauthorized(ErrorCode.TWO_FACTOR_REQUIRED);

    // "Last active" in the sessions list: written at most once a minute per session, once the answer
    // is sent ('close' comes after it, or when the client went away), so no request waits on it or
    // shares the pool with it.
    if (Date.now() - auth.sessionLastSeenAt.getTime() > LAST_SEEN_PRECISION_MS) {
      const sessionId = auth.sessionId;
      context
        .switchToHttp()
        .getResponse<FastifyReply>()
        .raw.once('close', () => this.sessions.touchLater(sessionId));
    }
    request.auth = auth;
    return true;
  }

  /** Passport's failures become SPEC errors; an expired impersonation token says so. */
  override handleRequest<T>(error: unknown, user: T, info: unknown, context: ExecutionContext): T {
    if (error) throw error as Error; // passport hands over what the strategy threw (an AppException)
    if (user) return user;
    const name = (info as { name?: string } | undefined)?.name;
    if (name === 'TokenExpiredError') {
      const claims = this.tokens.peek(bearerTokenOf(context.switchToHttp().getRequest<FastifyRequest>()) ?? '');
      if (claims?.impersonationCode) throw AppException.unauthorized(ErrorCode.IMPERSONATION_ENDED);
      throw AppException.unauthorized(ErrorCode.SESSION_EXPIRED);
    }
    throw AppException.unauthorized(ErrorCode.UNAUTHORIZED);
  }
}
