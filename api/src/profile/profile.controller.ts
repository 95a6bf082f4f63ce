import { Body, Controller, HttpCode, HttpStatus, Patch, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { type CurrentUser as CurrentUserShape, ErrorCode } from '@vantage/contracts';
import type { FastifyRequest } from 'fastify';
import type { AuthContext } from '../auth/auth-context';
import { CurrentUser } from '../auth/auth.decorators';
import { BlockedDuringImpersonation } from '../auth/no-impersonation.guard';
import { ChangePasswordDto, UpdateProfileDto } from './profile.dto';
import { ProfileService } from './profile.service';
import { ApiAnswer, ApiRefusals, SCHEMAS } from '../common/openapi';

@ApiTags('profile')
@ApiBearerAuth()
@Controller('user')
export class ProfileController {
  constructor(private readonly profile: ProfileService) {}

  @Patch('profile')
  @ApiOperation({ summary: 'Change my names or whether support may impersonate me (the latter not while impersonated)' })
  @ApiAnswer(HttpStatus.OK, 'The current user with the change', SCHEMAS.currentUser)
  @ApiRefusals({ 403: [ErrorCode.FORBIDDEN_DURING_IMPERSONATION] })
  update(@CurrentUser() auth: AuthContext, @Body() dto: UpdateProfileDto): Promise<CurrentUserShape> {
    return this.profile.update(auth, dto);
  }

  @Patch('password')
  @HttpCode(204)
  @UseGuards(ThrottlerGuard)
  @BlockedDuringImpersonation('change_password')
  @ApiOperation({ summary: 'Change my password (needs the current one); my other sessions end' })
  @ApiAnswer(HttpStatus.NO_CONTENT, 'Changed; my other sessions are signed out')
  @ApiRefusals({ 401: [ErrorCode.WRONG_PASSWORD], 429: [ErrorCode.LOGIN_LOCKED] })
  changePassword(@CurrentUser() auth: AuthContext, @Body() dto: ChangePasswordDto, @Req() req: FastifyRequest): Promise<void> {
    return this.profile.changePassword(auth, dto, req.ip);
  }
}
