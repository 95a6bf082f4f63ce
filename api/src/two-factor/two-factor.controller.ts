import { ErrorCode, type PasskeyAuthenticationOptions } from '@vantage/contracts';
import { Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { AuthContext } from '../auth/auth-context';
import { CurrentUser, TwoFactorStep } from '../auth/auth.decorators';
import { BlockedDuringImpersonation } from '../auth/no-impersonation.guard';
import { PasskeysService } from './passkeys.service';
import { TwoFactorService } from './two-factor.service';
import { ApiAnswer, ApiRefusals, SCHEMAS } from '../common/openapi';

/** "Email me a code": at the sign-in step, or before a sensitive action. (The sign-in step itself is in sign-in/.) */
@ApiTags('two-factor')
@ApiBearerAuth()
@UseGuards(ThrottlerGuard)
@Controller('2fa')
export class TwoFactorController {
  constructor(
    private readonly twoFactor: TwoFactorService,
    private readonly passkeys: PasskeysService,
  ) {}

  @TwoFactorStep()
  @BlockedDuringImpersonation()
  @Post('send-code')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Email a fresh code: a sign-in code at the 2FA step, or a confirmation code when signed in (before a sensitive action)',
  })
  @ApiAnswer(HttpStatus.NO_CONTENT, 'Sent')
  @ApiRefusals({
    409: [ErrorCode.TWO_FACTOR_NOT_ENABLED, ErrorCode.EMAIL_CODE_NOT_AVAILABLE],
    429: [ErrorCode.CODE_RESEND_THROTTLED, ErrorCode.TWO_FACTOR_LOCKED],
    503: [ErrorCode.MAIL_UNAVAILABLE],
  })
  async sendCode(@CurrentUser() auth: AuthContext): Promise<void> {
    await this.twoFactor.sendCode(auth.user.id, auth.sessionKind === 'pending_two_factor' ? 'login' : 'step_up');
  }

  @TwoFactorStep()
  @BlockedDuringImpersonation()
  @Post('passkey-options')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Authentication options for my passkeys: at the sign-in step (for POST /2fa/authenticate), or when signed in (a confirmation such as POST /2fa/impersonate)',
  })
  @ApiAnswer(
    HttpStatus.OK,
    'WebAuthn request options (the challenge is single use, 5 minutes, bound to me)',
    SCHEMAS.passkeyAuthenticationOptions,
  )
  @ApiRefusals({ 400: [ErrorCode.NO_PASSKEYS], 409: [ErrorCode.TWO_FACTOR_NOT_ENABLED], 429: [ErrorCode.TWO_FACTOR_LOCKED] })
  passkeyOptions(@CurrentUser() auth: AuthContext): Promise<PasskeyAuthenticationOptions> {
    return this.passkeys.authenticationOptions(auth, auth.sessionKind === 'pending_two_factor' ? 'login' : 'step_up');
  }
}
