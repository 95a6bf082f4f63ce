import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { type AuthResponse, type CurrentUser as CurrentUserShape, ErrorCode, type SignInSessionList } from '@vantage/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthContext } from '../auth/auth-context';
import { CurrentUser, Public, TwoFactorStep } from '../auth/auth.decorators';
import { bearerTokenOf } from '../auth/bearer-token';
import { describeCurrentUser } from '../auth/current-user.view';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from '../auth/refresh-cookie';
import type { IssuedSession } from '../auth/session-issuer';
import { clientOf, SessionService } from '../auth/session.service';
import { SupportSessionReader } from '../auth/support-session.reader';
import { AllowedInReadOnlySession, BlockedDuringImpersonation } from '../auth/no-impersonation.guard';
import { AppException } from '../common/app-exception';
import { ApiAnswer, ApiRefusals, SCHEMAS } from '../common/openapi';
import { UuidParam } from '../common/uuid-param';
import { TokenService } from '../auth/token.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuthenticateDto } from '../two-factor/two-factor.dto';
import { LoginChallengeService } from './login-challenge.service';
import { PasswordResetService } from './password-reset.service';
import { ConfirmPasswordResetDto, LoginDto, PasswordResetDto, RegisterDto } from './sign-in.dto';
import { SignInService } from './sign-in.service';

/** Puts the refresh credential of an issued session in its httpOnly cookie and answers the rest. */
function send(reply: FastifyReply, config: AppConfig, issued: IssuedSession): AuthResponse {
  if (issued.refresh) setRefreshCookie(reply, config, issued.refresh.token, issued.refresh.expiresAt);
  return issued.response;
}

@ApiTags('auth')
@UseGuards(ThrottlerGuard)
@Controller('auth')
export class AuthController {
  constructor(
    private readonly signIn: SignInService,
    private readonly passwordReset: PasswordResetService,
    private readonly sessions: SessionService,
    private readonly tokens: TokenService,
    private readonly supportSessions: SupportSessionReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('register')
  @ApiOperation({ summary: 'Create an account and its first team (the user owns it); signs in' })
  @ApiAnswer(HttpStatus.CREATED, 'Signed in: the new account, owner of its first team (refresh cookie set)', SCHEMAS.authResponse)
  @ApiRefusals({ 409: [ErrorCode.EMAIL_TAKEN] })
  async register(
    @Body() dto: RegisterDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthResponse> {
    return send(reply, this.config, await this.signIn.register(dto, clientOf(req)));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password; with 2FA on, the token only reaches the 2FA step' })
  @ApiAnswer(HttpStatus.OK, 'Signed in, or with 2FA on a token for the 2FA step only (twoFactorRequired: true)', SCHEMAS.authResponse)
  @ApiRefusals({ 401: [ErrorCode.INVALID_CREDENTIALS], 429: [ErrorCode.LOGIN_LOCKED], 503: [ErrorCode.MAIL_UNAVAILABLE] })
  async login(@Body() dto: LoginDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AuthResponse> {
    return send(reply, this.config, await this.signIn.login(dto, clientOf(req)));
  }

  @Public()
  @SkipThrottle()
  @Post('refresh')
  @HttpCode(200)
  @ApiCookieAuth()
  @ApiOperation({ summary: 'A new access token from the httpOnly refresh cookie' })
  @ApiRefusals({ 403: [ErrorCode.CROSS_SITE_REQUEST] })
  @ApiAnswer(HttpStatus.OK, 'A new access token for the session of the cookie', SCHEMAS.authResponse)
  @ApiRefusals({ 401: [ErrorCode.SESSION_EXPIRED, ErrorCode.IMPERSONATION_ENDED, ErrorCode.TWO_FACTOR_REQUIRED] })
  async refresh(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AuthResponse> {
    // Read before the try: a request another site made must not clear the cookie either.
    const refreshToken = readRefreshCookie(req, this.config);
    try {
      return send(reply, this.config, await this.signIn.refresh(refreshToken));
    } catch (error) {
      // An ended impersonation's cookie is kept: it is what POST /auth/return brings the admin back with.
      if (!(error instanceof AppException && error.code === ErrorCode.IMPERSONATION_ENDED)) clearRefreshCookie(reply, this.config);
      throw error;
    }
  }

  @Public()
  @SkipThrottle()
  @Post('logout')
  @HttpCode(204)
  // Public, so no session's rules apply; marked all the same, as signing out must never be refused.
  @AllowedInReadOnlySession()
  // Public, but it reads both credentials when sent: the cookie's session and the token's are revoked.
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOperation({ summary: 'Revoke the session (cookie and/or bearer token) and clear the cookie' })
  @ApiRefusals({ 403: [ErrorCode.CROSS_SITE_REQUEST] })
  @ApiAnswer(HttpStatus.NO_CONTENT, 'Signed out (also without a cookie or token: nothing to revoke)')
  async logout(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const bearer = bearerTokenOf(req);
    await this.signIn.logout(readRefreshCookie(req, this.config), bearer ? this.tokens.verifiedSessionId(bearer) : null);
    clearRefreshCookie(reply, this.config);
  }

  @Public()
  @Post('password-reset')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Email a link to choose a new password (30 minutes, single use); the same answer whether or not the account exists',
  })
  @ApiAnswer(HttpStatus.NO_CONTENT, 'Always, whether or not an account has this email')
  @ApiRefusals({ 400: [ErrorCode.VALIDATION_FAILED], 429: [ErrorCode.PASSWORD_RESET_THROTTLED, ErrorCode.TOO_MANY_REQUESTS] })
  async requestPasswordReset(@Body() dto: PasswordResetDto, @Req() req: FastifyRequest): Promise<void> {
    await this.passwordReset.request(dto.email, req.ip);
  }

  @Public()
  @Post('password-reset/confirm')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Choose a new password with the emailed link: every session ends; two-factor still applies at the next sign-in',
  })
  @ApiAnswer(HttpStatus.NO_CONTENT, 'The password is changed and every session of the user ended')
  @ApiRefusals({ 400: [ErrorCode.VALIDATION_FAILED, ErrorCode.RESET_TOKEN_INVALID], 429: [ErrorCode.TOO_MANY_REQUESTS] })
  async confirmPasswordReset(@Body() dto: ConfirmPasswordResetDto, @Req() req: FastifyRequest): Promise<void> {
    await this.passwordReset.confirm(dto.token, dto.password, req.ip);
  }

  @SkipThrottle()
  @Get('sessions')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'My sign-ins: device, address, when they began and were last used, newest first' })
  @ApiAnswer(HttpStatus.OK, 'My live sign-ins, newest first', SCHEMAS.signInSessionList)
  @ApiRefusals({ 401: [ErrorCode.UNAUTHORIZED, ErrorCode.SESSION_EXPIRED, ErrorCode.TWO_FACTOR_REQUIRED] })
  async listSessions(@CurrentUser() auth: AuthContext): Promise<SignInSessionList> {
    const rows = await this.sessions.listSignIns(auth.user.id);
    return {
      items: rows.map((row) => ({
        id: row.id,
        createdAt: row.created_at.toISOString(),
        lastSeenAt: row.last_seen_at.toISOString(),
        userAgent: row.user_agent,
        ip: row.ip,
        current: row.id === auth.sessionId,
      })),
    };
  }

  @SkipThrottle()
  @Delete('sessions/:id')
  @HttpCode(204)
  @BlockedDuringImpersonation('end_sessions')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Sign out one of my sessions (its next request is refused on every instance)' })
  @ApiAnswer(HttpStatus.NO_CONTENT, 'Ended: its next request is refused')
  @ApiRefusals({
    400: [ErrorCode.VALIDATION_FAILED],
    401: [ErrorCode.UNAUTHORIZED, ErrorCode.SESSION_EXPIRED, ErrorCode.TWO_FACTOR_REQUIRED],
    403: [ErrorCode.FORBIDDEN_DURING_IMPERSONATION],
    404: [ErrorCode.SESSION_NOT_FOUND],
  })
  async endSession(@CurrentUser() auth: AuthContext, @Param('id', UuidParam()) sessionId: string): Promise<void> {
    if (!(await this.signIn.endSignIn(auth, sessionId))) throw AppException.notFound(ErrorCode.SESSION_NOT_FOUND);
  }

  @SkipThrottle()
  @TwoFactorStep()
  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The current user, team and impersonation state, and whether support is in my account now' })
  @ApiAnswer(HttpStatus.OK, 'The caller', SCHEMAS.currentUser)
  async me(@CurrentUser() auth: AuthContext): Promise<CurrentUserShape> {
    return describeCurrentUser(auth, await this.supportSessions.runningIn(auth));
  }
}

/** The second sign-in step. Reachable with the login-challenge token of POST /auth/login. */
@ApiTags('two-factor')
@ApiBearerAuth()
@UseGuards(ThrottlerGuard)
@Controller('2fa')
export class SecondStepController {
  constructor(
    private readonly challenges: LoginChallengeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @TwoFactorStep()
  @Post('authenticate')
  @HttpCode(200)
  @ApiOperation({
    // Kept from when this route lived in the two-factor module: generated clients name methods after it.
    operationId: 'TwoFactorController_authenticate',
    summary: 'Finish signing in with a 2FA code, a recovery code or a passkey (bearer: the token from POST /auth/login)',
  })
  @ApiAnswer(HttpStatus.OK, 'Signed in (refresh cookie set)', SCHEMAS.authResponse)
  @ApiRefusals({
    400: [ErrorCode.PASSKEY_CHALLENGE_EXPIRED],
    401: [ErrorCode.INVALID_TWO_FACTOR_CODE, ErrorCode.CODE_ALREADY_USED, ErrorCode.INVALID_PASSKEY],
    409: [ErrorCode.NOT_A_LOGIN_CHALLENGE, ErrorCode.TWO_FACTOR_NOT_ENABLED, ErrorCode.EMAIL_CODE_NOT_AVAILABLE],
    429: [ErrorCode.TWO_FACTOR_LOCKED, ErrorCode.CODE_CHECK_BUSY],
  })
  async authenticate(
    @CurrentUser() auth: AuthContext,
    @Body() dto: AuthenticateDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthResponse> {
    return send(reply, this.config, await this.challenges.complete(auth, dto, clientOf(req)));
  }
}
