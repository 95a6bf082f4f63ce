import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { AuthResponse, CurrentUser as CurrentUserShape } from '@vantage/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthContext } from '../auth/auth-context';
import { CurrentUser, Public, TwoFactorStep } from '../auth/auth.decorators';
import { bearerTokenOf } from '../auth/bearer-token';
import { describeCurrentUser } from '../auth/current-user.view';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from '../auth/refresh-cookie';
import type { IssuedSession } from '../auth/session-issuer';
import { TokenService } from '../auth/token.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuthenticateDto } from '../two-factor/two-factor.dto';
import { LoginChallengeService } from './login-challenge.service';
import { LoginDto, RegisterDto } from './sign-in.dto';
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
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('register')
  @ApiOperation({ summary: 'Create an account and its first team (the user owns it); signs in' })
  async register(
    @Body() dto: RegisterDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthResponse> {
    return send(reply, this.config, await this.signIn.register(dto, req.ip));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password; with 2FA on, the token only reaches the 2FA step' })
  async login(@Body() dto: LoginDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AuthResponse> {
    return send(reply, this.config, await this.signIn.login(dto, req.ip));
  }

  @Public()
  @SkipThrottle()
  @Post('refresh')
  @HttpCode(200)
  @ApiCookieAuth()
  @ApiOperation({ summary: 'A new access token from the httpOnly refresh cookie' })
  async refresh(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AuthResponse> {
    try {
      return send(reply, this.config, await this.signIn.refresh(readRefreshCookie(req)));
    } catch (error) {
      clearRefreshCookie(reply, this.config);
      throw error;
    }
  }

  @Public()
  @SkipThrottle()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the session (cookie and/or bearer token) and clear the cookie' })
  async logout(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const bearer = bearerTokenOf(req);
    await this.signIn.logout(readRefreshCookie(req), bearer ? this.tokens.verifiedSessionId(bearer) : null);
    clearRefreshCookie(reply, this.config);
  }

  @SkipThrottle()
  @TwoFactorStep()
  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The current user, team and impersonation state' })
  me(@CurrentUser() auth: AuthContext): CurrentUserShape {
    return describeCurrentUser(auth);
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
    summary: 'Finish signing in with a 2FA code or a recovery code (bearer: the token from POST /auth/login)',
  })
  async authenticate(
    @CurrentUser() auth: AuthContext,
    @Body() dto: AuthenticateDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthResponse> {
    return send(reply, this.config, await this.challenges.complete(auth, dto.code, req.ip));
  }
}
