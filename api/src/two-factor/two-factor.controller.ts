import { Body, Controller, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { AuthResponse } from '@vantage/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthContext } from '../auth/auth-context';
import { CurrentUser, TwoFactorStep } from '../auth/auth.decorators';
import { setRefreshCookie } from '../auth/refresh-cookie';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { BlockedDuringImpersonation } from '../impersonation/no-impersonation.guard';
import { LoginChallengeService } from './login-challenge.service';
import { AuthenticateDto } from './two-factor.dto';
import { TwoFactorService } from './two-factor.service';

/** The second sign-in step and "email me a code". Reachable with a login-challenge token. */
@ApiTags('two-factor')
@ApiBearerAuth()
@UseGuards(ThrottlerGuard)
@Controller('2fa')
export class TwoFactorController {
  constructor(
    private readonly challenges: LoginChallengeService,
    private readonly twoFactor: TwoFactorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @TwoFactorStep()
  @Post('authenticate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Finish signing in with a 2FA code or a recovery code (bearer: the token from POST /auth/login)' })
  async authenticate(
    @CurrentUser() auth: AuthContext,
    @Body() dto: AuthenticateDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthResponse> {
    const issued = await this.challenges.complete(auth, dto.code, req.ip);
    if (issued.refresh) setRefreshCookie(reply, this.config, issued.refresh.token, issued.refresh.expiresAt);
    return issued.response;
  }

  @TwoFactorStep()
  @BlockedDuringImpersonation()
  @Post('send-code')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Email a fresh code: a sign-in code at the 2FA step, or a confirmation code when signed in (before a sensitive action)',
  })
  async sendCode(@CurrentUser() auth: AuthContext): Promise<void> {
    await this.twoFactor.sendCode(auth.user.id, auth.sessionKind === 'pending_two_factor' ? 'login' : 'step_up');
  }
}
