import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '@vantage/contracts';
import type { AuthContext } from '../../auth/auth-context';
import { CurrentUser } from '../../auth/auth.decorators';
import { BlockedDuringImpersonation } from '../../auth/no-impersonation.guard';
import { ApiAnswer, ApiRefusals } from '../../common/openapi';
import { UuidParam } from '../../common/uuid-param';
import { StopByUserService } from './stop-by-user.service';

@ApiTags('impersonation')
@ApiBearerAuth()
@Controller('user/impersonations')
export class StopByUserController {
  constructor(private readonly stop: StopByUserService) {}

  @Post(':id/end')
  @HttpCode(204)
  // Support inside the account acts as this user: it must not end (or fake ending) its own session this way.
  @BlockedDuringImpersonation()
  @ApiOperation({ summary: 'End a support session running in my account, at once (the admin is told by email)' })
  @ApiAnswer(HttpStatus.NO_CONTENT, 'Ended: its next request is refused on every instance')
  @ApiRefusals({ 404: [ErrorCode.IMPERSONATION_NOT_FOUND] })
  async end(@CurrentUser() auth: AuthContext, @Param('id', UuidParam()) id: string): Promise<void> {
    await this.stop.end(auth, id);
  }
}
