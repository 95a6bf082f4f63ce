import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { MailModule } from '../mail/mail.module';
import { UsersModule } from '../users/users.module';
import { InvitationsService } from './invitations.service';
import { InvitationsController, TeamsController } from './teams.controller';
import { TeamsService } from './teams.service';

/** Teams and membership: my teams, creating and switching, members and their roles, invitations. */
@Module({
  imports: [AuthModule, AuditModule, MailModule, UsersModule],
  controllers: [TeamsController, InvitationsController],
  providers: [TeamsService, InvitationsService],
  exports: [TeamsService],
})
export class TeamsModule {}
