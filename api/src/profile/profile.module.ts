import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { ImpersonationModule } from '../impersonation/impersonation.module';
import { MailModule } from '../mail/mail.module';
import { UsersModule } from '../users/users.module';
import { ProfileController } from './profile.controller';
import { ProfileService } from './profile.service';

/** A user's own profile: `/api/user/profile` (names, support access) and `/api/user/password`. */
@Module({
  imports: [AuthModule, AuditModule, MailModule, UsersModule, ImpersonationModule],
  controllers: [ProfileController],
  providers: [ProfileService],
})
export class ProfileModule {}
