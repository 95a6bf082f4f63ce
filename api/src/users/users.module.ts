import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { PasswordConfirmation } from './password-confirmation';
import { UsersRepository } from './users.repository';

/** The `users` table's owner and the confirmation of a user's current password. No routes: profile/ has them. */
@Module({
  imports: [AuthModule, AuditModule],
  providers: [UsersRepository, PasswordConfirmation],
  exports: [UsersRepository, PasswordConfirmation],
})
export class UsersModule {}
