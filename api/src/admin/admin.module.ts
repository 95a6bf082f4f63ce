import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { AdminTeamsService } from './admin-teams.service';
import { AdminUsersService } from './admin-users.service';

/** The admin Teams List and role management (guards and ImpersonationEvents come from the global AuthModule). */
@Module({ controllers: [AdminController], providers: [AdminTeamsService, AdminUsersService] })
export class AdminModule {}
