import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ErrorCode, type RecoveryCodes, type TotpSetup, type TwoFactorStatus } from '@vantage/contracts';
import type { AuthContext } from '../auth/auth-context';
import { CurrentUser } from '../auth/auth.decorators';
import { BlockedDuringImpersonation } from '../auth/no-impersonation.guard';
import { ApiAnswer, ApiRefusals, SCHEMAS } from '../common/openapi';
import { DisableTwoFactorDto, EnableTwoFactorDto, NewRecoveryCodesDto } from './two-factor.dto';
import { TwoFactorSettingsService } from './two-factor-settings.service';

/** The signed-in user's own 2FA settings. Support staff impersonating the user may not touch them. */
@ApiTags('two-factor')
@ApiBearerAuth()
@BlockedDuringImpersonation('change_two_factor')
@Controller('user/two-factor')
export class TwoFactorSettingsController {
  constructor(private readonly settings: TwoFactorSettingsService) {}

  @Get()
  @ApiOperation({ summary: 'Whether 2FA is on, by which method, and how many recovery codes are left' })
  @ApiAnswer(HttpStatus.OK, 'My two-factor state', SCHEMAS.twoFactorStatus)
  status(@CurrentUser() auth: AuthContext): Promise<TwoFactorStatus> {
    return this.settings.statusWithRecoveryCodes(auth);
  }

  @Post()
  @ApiOperation({ summary: 'Start authenticator-app setup: a new secret, its otpauth:// URL and a QR code (active only once confirmed)' })
  @ApiAnswer(HttpStatus.CREATED, 'The new secret (confirm it with PUT and a code from the app)', SCHEMAS.totpSetup)
  startTotpSetup(@CurrentUser() auth: AuthContext): Promise<TotpSetup> {
    return this.settings.startTotpSetup(auth);
  }

  @Put()
  @ApiOperation({ summary: 'Turn 2FA on or change the method: {enabled:true,method:"email"} or {enabled:true,method:"totp",code}' })
  @ApiAnswer(HttpStatus.OK, 'On, by the chosen method; recovery codes when it was just turned on (shown once)', SCHEMAS.twoFactorStatus)
  @ApiRefusals({
    401: [ErrorCode.INVALID_TWO_FACTOR_CODE],
    409: [ErrorCode.TWO_FACTOR_SETUP_NOT_STARTED],
    429: [ErrorCode.TWO_FACTOR_LOCKED],
  })
  enable(@CurrentUser() auth: AuthContext, @Body() dto: EnableTwoFactorDto): Promise<TwoFactorStatus> {
    return this.settings.enable(auth, dto);
  }

  @Post('recovery-codes')
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @BlockedDuringImpersonation('new_recovery_codes')
  @ApiOperation({ summary: 'Ten new recovery codes (needs the account password); every earlier code stops working' })
  @ApiAnswer(HttpStatus.OK, 'Ten new codes, shown this once', SCHEMAS.recoveryCodes)
  @ApiRefusals({
    400: [ErrorCode.VALIDATION_FAILED],
    401: [ErrorCode.UNAUTHORIZED, ErrorCode.SESSION_EXPIRED, ErrorCode.TWO_FACTOR_REQUIRED, ErrorCode.WRONG_PASSWORD],
    403: [ErrorCode.FORBIDDEN_DURING_IMPERSONATION],
    409: [ErrorCode.TWO_FACTOR_NOT_ENABLED],
    429: [ErrorCode.LOGIN_LOCKED, ErrorCode.TOO_MANY_REQUESTS],
  })
  newRecoveryCodes(@CurrentUser() auth: AuthContext, @Body() dto: NewRecoveryCodesDto): Promise<RecoveryCodes> {
    return this.settings.newRecoveryCodes(auth, dto.password);
  }

  @Delete()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Turn 2FA off (needs the account password)' })
  @ApiAnswer(HttpStatus.OK, 'Off', SCHEMAS.twoFactorStatus)
  @ApiRefusals({
    401: [ErrorCode.WRONG_PASSWORD],
    409: [ErrorCode.TWO_FACTOR_NOT_ENABLED, ErrorCode.TWO_FACTOR_REQUIRED_BY_TEAM],
    429: [ErrorCode.LOGIN_LOCKED],
  })
  disable(@CurrentUser() auth: AuthContext, @Body() dto: DisableTwoFactorDto): Promise<TwoFactorStatus> {
    return this.settings.disable(auth, dto.password);
  }
}
