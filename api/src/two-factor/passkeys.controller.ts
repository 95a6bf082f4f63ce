import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ErrorCode, type Passkey, type PasskeyList, type PasskeyRegistrationOptions } from '@vantage/contracts';
import type { AuthContext } from '../auth/auth-context';
import { CurrentUser } from '../auth/auth.decorators';
import { BlockedDuringImpersonation } from '../auth/no-impersonation.guard';
import { ApiAnswer, ApiRefusals, SCHEMAS } from '../common/openapi';
import { UuidParam } from '../common/uuid-param';
import { PasskeysService } from './passkeys.service';
import { RegisterPasskeyDto, RemovePasskeyDto } from './two-factor.dto';

/** The signed-in user's passkeys (SPEC §11). Like the other 2FA settings, support staff impersonating the user may not touch them. */
@ApiTags('two-factor')
@ApiBearerAuth()
@BlockedDuringImpersonation('change_two_factor')
@Controller('user/passkeys')
export class PasskeysController {
  constructor(private readonly passkeys: PasskeysService) {}

  @Post('options')
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Registration options for a new passkey (2FA must be on; my passkeys are excluded)' })
  @ApiAnswer(HttpStatus.OK, 'WebAuthn creation options with a fresh challenge (single use, 5 minutes)', SCHEMAS.passkeyRegistrationOptions)
  @ApiRefusals({ 400: [ErrorCode.TWO_FACTOR_REQUIRED_FIRST, ErrorCode.PASSKEY_LIMIT_REACHED] })
  registrationOptions(@CurrentUser() auth: AuthContext): Promise<PasskeyRegistrationOptions> {
    return this.passkeys.registrationOptions(auth);
  }

  @Post()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: "Register a passkey: its name and the browser's answer to the options (the user is emailed)" })
  @ApiAnswer(HttpStatus.CREATED, 'The passkey', SCHEMAS.passkey)
  @ApiRefusals({
    400: [
      ErrorCode.TWO_FACTOR_REQUIRED_FIRST,
      ErrorCode.PASSKEY_CHALLENGE_EXPIRED,
      ErrorCode.PASSKEY_REGISTRATION_REJECTED,
      ErrorCode.PASSKEY_LIMIT_REACHED,
    ],
    409: [ErrorCode.PASSKEY_ALREADY_REGISTERED],
  })
  register(@CurrentUser() auth: AuthContext, @Body() dto: RegisterPasskeyDto): Promise<Passkey> {
    return this.passkeys.register(auth, dto);
  }

  @Get()
  @ApiOperation({ summary: 'My passkeys, oldest first, with when each was last used' })
  @ApiAnswer(HttpStatus.OK, 'My passkeys', SCHEMAS.passkeyList)
  list(@CurrentUser() auth: AuthContext): Promise<PasskeyList> {
    return this.passkeys.list(auth);
  }

  @Delete(':id')
  @HttpCode(204)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Remove one of my passkeys (needs the account password; the user is emailed)' })
  @ApiAnswer(HttpStatus.NO_CONTENT, 'Removed')
  @ApiRefusals({ 401: [ErrorCode.WRONG_PASSWORD], 404: [ErrorCode.PASSKEY_NOT_FOUND], 429: [ErrorCode.LOGIN_LOCKED] })
  async remove(@CurrentUser() auth: AuthContext, @Param('id', UuidParam()) id: string, @Body() dto: RemovePasskeyDto): Promise<void> {
    await this.passkeys.remove(auth, id, dto.password);
  }
}
