import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { AuthResponse, CurrentUser as CurrentUserShape } from '@vantage/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { UsersService } from '../users/users.service';
import type { AuthContext } from './auth-context';
import { CurrentUser, Public, TwoFactorStep } from './auth.decorators';
import { LoginDto, RegisterDto } from './auth.dto';
import { AuthService, type IssuedSession } from './auth.service';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './refresh-cookie';
import { TokenService } from './token.service';

@ApiTags('auth')
@UseGuards(ThrottlerGuard)
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('register')
  @ApiOperation({ summary: 'Create an account and its first team (the user owns it); signs in' })
  async register(@Body() dto: RegisterDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AuthResponse> {
    return this.send(reply, await this.auth.register(dto, req.ip));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password; with 2FA on, the token only reaches the 2FA step' })
  async login(@Body() dto: LoginDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AuthResponse> {
    return this.send(reply, await this.auth.login(dto, req.ip));
  }

  @Public()
  @SkipThrottle()
  @Post('refresh')
  @HttpCode(200)
  @ApiCookieAuth()
  @ApiOperation({ summary: 'A new access token from the httpOnly refresh cookie' })
  async refresh(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AuthResponse> {
    try {
      return this.send(reply, await this.auth.refresh(readRefreshCookie(req)));
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
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const sid = bearer ? this.tokens.verifiedSessionId(bearer) : null;
    await this.auth.logout(readRefreshCookie(req), sid);
    clearRefreshCookie(reply, this.config);
  }

  @SkipThrottle()
  @TwoFactorStep()
  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The current user, team and impersonation state' })
  me(@CurrentUser() auth: AuthContext): Promise<CurrentUserShape> {
    return this.users.describe(auth);
  }

  private send(reply: FastifyReply, issued: IssuedSession): AuthResponse {
    if (issued.refresh) setRefreshCookie(reply, this.config, issued.refresh.token, issued.refresh.expiresAt);
    return issued.response;
  }
}
