import { Body, Controller, HttpCode, Patch, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { CurrentUser as CurrentUserShape } from '@vantage/contracts';
import type { FastifyRequest } from 'fastify';
import type { AuthContext } from '../auth/auth-context';
import { CurrentUser } from '../auth/auth.decorators';
import { BlockedDuringImpersonation } from '../auth/no-impersonation.guard';
import { ChangePasswordDto, UpdateProfileDto } from './profile.dto';
import { ProfileService } from './profile.service';

@ApiTags('profile')
@ApiBearerAuth()
@Controller('user')
export class ProfileController {
  constructor(private readonly profile: ProfileService) {}

  @Patch('profile')
  @ApiOperation({ summary: 'Change my names or whether support may impersonate me (the latter not while impersonated)' })
  update(@CurrentUser() auth: AuthContext, @Body() dto: UpdateProfileDto): Promise<CurrentUserShape> {
    return this.profile.update(auth, dto);
  }

  @Patch('password')
  @HttpCode(204)
  @UseGuards(ThrottlerGuard)
  @BlockedDuringImpersonation('change_password')
  @ApiOperation({ summary: 'Change my password (needs the current one); my other sessions end' })
  changePassword(@CurrentUser() auth: AuthContext, @Body() dto: ChangePasswordDto, @Req() req: FastifyRequest): Promise<void> {
    return this.profile.changePassword(auth, dto, req.ip);
  }
}
