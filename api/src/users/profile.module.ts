import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { ProfileController } from './profile.controller';
import { ProfileService } from './profile.service';

/** `/api/user/profile` and `/api/user/password`. UsersModule stays the plain data module auth depends on. */
@Module({ imports: [MailModule], controllers: [ProfileController], providers: [ProfileService] })
export class ProfileModule {}
