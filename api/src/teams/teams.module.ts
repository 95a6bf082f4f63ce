import { Module } from '@nestjs/common';
import { TeamsService } from './teams.service';

/** Team data and membership; the HTTP routes live in TeamsHttpModule (they need auth to issue tokens). */
@Module({ providers: [TeamsService], exports: [TeamsService] })
export class TeamsModule {}
