import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { ImpersonationModule } from '../impersonation/impersonation.module';
import { MailModule } from '../mail/mail.module';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { UsersModule } from '../users/users.module';
import { AdminController } from './admin.controller';
import { AdminTeamsService } from './admin-teams.service';
import { AdminUsersService } from './admin-users.service';

/** The admin Teams List and role management. */
@Module({
  imports: [AuthModule, AuditModule, MailModule, UsersModule, TwoFactorModule, ImpersonationModule],
  controllers: [AdminController],
  providers: [AdminTeamsService, AdminUsersService],
})
export class AdminModule {}
