import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import {
  type ActiveImpersonation,
  type AuthResponse,
  type ImpersonationHistoryEntry,
  type ImpersonateResponse,
  ErrorCode,
  type ReturnFromImpersonationResponse,
} from '@vantage/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminGuard } from '../auth/admin.guard';
import { WritesOwnActionEntry } from '../auth/impersonated-write.port';
import type { AuthContext } from '../auth/auth-context';
import { CurrentUser, Public } from '../auth/auth.decorators';
import { AllowedInReadOnlySession, BlockedDuringImpersonation } from '../auth/no-impersonation.guard';
import { readRefreshCookie, setRefreshCookie } from '../auth/refresh-cookie';
import { clientOf } from '../auth/session.service';
import type { AccessTokenClaims } from '../auth/token.service';
import { UuidParam } from '../common/uuid-param';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ImpersonationRefusalAuditFilter } from './impersonation-refusal.filter';
import { ListImpersonationsQuery, StartImpersonationDto } from './impersonation.dto';
import { ImpersonationService } from './impersonation.service';
import { ApiAnswer, ApiRefusals, SCHEMAS } from '../common/openapi';

/** Starting and returning from an impersonation; these routes sit beside the other 2FA routes. */
@ApiTags('impersonation')
@ApiBearerAuth()
@Controller('2fa')
export class ImpersonationController {
  constructor(
    private readonly impersonation: ImpersonationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('impersonate')
  @HttpCode(200)
  @UseGuards(ThrottlerGuard, AdminGuard)
  @UseFilters(ImpersonationRefusalAuditFilter)
  @BlockedDuringImpersonation('impersonate')
  @ApiOperation({
    summary:
      "Admin: work as a user for 30 minutes (never past an access grant's window), after a fresh 2FA code or passkey; read-only or not",
  })
  @ApiAnswer(HttpStatus.OK, 'Working as the user: tokens of the impersonation session (refresh cookie set)', SCHEMAS.impersonateResponse)
  @ApiRefusals({
    400: [ErrorCode.IMPERSONATION_TEAM_INVALID, ErrorCode.PASSKEY_CHALLENGE_EXPIRED],
    401: [ErrorCode.INVALID_TWO_FACTOR_CODE, ErrorCode.CODE_ALREADY_USED, ErrorCode.INVALID_PASSKEY],
    403: [
      ErrorCode.IMPERSONATION_NOT_ALLOWED,
      ErrorCode.IMPERSONATION_SELF,
      ErrorCode.IMPERSONATION_TARGET_ADMIN,
      ErrorCode.IMPERSONATION_TARGET_SUPER_ADMIN,
      ErrorCode.IMPERSONATOR_TWO_FACTOR_DISABLED,
      ErrorCode.IMPERSONATION_NESTED,
      ErrorCode.IMPERSONATION_TEAM_POLICY,
      ErrorCode.IMPERSONATION_APPROVAL_REQUIRED,
      ErrorCode.IMPERSONATION_MODE_NOT_GRANTED,
    ],
    404: [ErrorCode.USER_NOT_FOUND],
    429: [ErrorCode.TWO_FACTOR_LOCKED, ErrorCode.CODE_CHECK_BUSY],
  })
  async impersonate(
    @CurrentUser() auth: AuthContext,
    @Body() dto: StartImpersonationDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImpersonateResponse> {
    const started = await this.impersonation.start(auth, dto);
    setRefreshCookie(reply, this.config, started.refresh!.token, started.refresh!.expiresAt);
    return started.response;
  }

  @Post('cancel-impersonation')
  @HttpCode(200)
  @AllowedInReadOnlySession()
  @WritesOwnActionEntry()
  @ApiOperation({ summary: "Return to the admin's own account, in the team they started from" })
  @ApiAnswer(HttpStatus.OK, "Back in the admin's own account (refresh cookie set)", SCHEMAS.authResponse)
  @ApiRefusals({ 404: [ErrorCode.IMPERSONATION_NOT_FOUND] })
  async cancel(
    @CurrentUser() auth: AuthContext,
    @Req() req: FastifyRequest & { user?: AccessTokenClaims },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthResponse> {
    const issued = await this.impersonation.cancel(auth, req.user!, clientOf(req), { request: req, reply });
    setRefreshCookie(reply, this.config, issued.refresh!.token, issued.refresh!.expiresAt);
    return issued.response;
  }
}

/**
 * Back to the admin's own account once their support session was ended by someone or something else.
 * Under /auth, where the refresh cookie (which still names the impersonation session) is sent.
 */
@ApiTags('impersonation')
@Controller('auth')
export class ImpersonationReturnController {
  constructor(
    private readonly impersonation: ImpersonationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // Public: the access token of an ended impersonation is refused everywhere; the cookie authenticates.
  @Public()
  @Post('return')
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @ApiCookieAuth()
  @ApiOperation({
    summary:
      "Back to the admin's own account after the support session ended (by the user, a super admin, a revocation, the team's policy or its time), within 30 minutes, once",
  })
  @ApiAnswer(
    HttpStatus.OK,
    "Back in the admin's own account, with how the session ended (refresh cookie set)",
    SCHEMAS.returnFromImpersonation,
  )
  @ApiRefusals({ 401: [ErrorCode.RETURN_NOT_AVAILABLE], 403: [ErrorCode.CROSS_SITE_REQUEST] })
  async returnFromEnded(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReturnFromImpersonationResponse> {
    // Refused answers leave the cookie alone: after a first return it holds the admin's new session.
    const returned = await this.impersonation.returnFromEnded(readRefreshCookie(req, this.config), clientOf(req));
    setRefreshCookie(reply, this.config, returned.refresh!.token, returned.refresh!.expiresAt);
    return returned.response;
  }
}

@ApiTags('impersonation')
@ApiBearerAuth()
@Controller('user/impersonations')
export class ImpersonationHistoryController {
  constructor(private readonly impersonation: ImpersonationService) {}

  @Get()
  @ApiOperation({ summary: 'Who accessed my account as support: when, for how long, and why' })
  @ApiAnswer(HttpStatus.OK, 'Every impersonation of my account, newest first', SCHEMAS.impersonationHistory)
  history(@CurrentUser() auth: AuthContext): Promise<ImpersonationHistoryEntry[]> {
    return this.impersonation.historyFor(auth.user.id);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/impersonations')
@UseGuards(AdminGuard)
@BlockedDuringImpersonation()
export class AdminImpersonationsController {
  constructor(private readonly impersonation: ImpersonationService) {}

  @Get()
  @ApiOperation({ summary: 'Admin: impersonation sessions (?active=true: running ones only)' })
  @ApiAnswer(HttpStatus.OK, 'Impersonation sessions, newest first', SCHEMAS.activeImpersonations)
  list(@Query() query: ListImpersonationsQuery): Promise<ActiveImpersonation[]> {
    return this.impersonation.list(query.active === 'true');
  }

  @Post(':id/end')
  @HttpCode(204)
  @ApiOperation({ summary: "End an impersonation at once: a super admin anyone's, an admin their own" })
  @ApiAnswer(HttpStatus.NO_CONTENT, 'Ended: its next request is refused')
  // 403 FORBIDDEN (another admin's impersonation) is the staff guard's refusal, documented with it.
  @ApiRefusals({ 404: [ErrorCode.IMPERSONATION_NOT_FOUND] })
  async end(@CurrentUser() auth: AuthContext, @Param('id', UuidParam()) id: string): Promise<void> {
    await this.impersonation.endByAdmin(auth, id);
  }
}
