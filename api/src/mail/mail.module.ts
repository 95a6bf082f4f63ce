import { Logger, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobsModule } from '../jobs/jobs.module';
import { DevMailbox } from './dev-mailbox';
import { MAIL_TRANSPORT, MailService, type MailTransport } from './mail.service';
import { SmtpMailTransport } from './smtp-transport';

/**
 * Outgoing mail. The transport is one provider chosen from the config — SMTP when SMTP_URL is
 * set (tests point it at their own SMTP server), the development mailbox otherwise — so every
 * module that imports MailModule shares the same instance. Mail that can wait goes through the
 * job queue (MailService.queue); a code the person is waiting for is sent at once (send).
 */
@Module({
  imports: [JobsModule],
  providers: [
    MailService,
    { provide: DevMailbox, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new DevMailbox(!config.isProduction) },
    {
      provide: MAIL_TRANSPORT,
      inject: [APP_CONFIG, DevMailbox],
      useFactory: (config: AppConfig, devMailbox: DevMailbox): MailTransport => {
        if (config.smtpUrl) return new SmtpMailTransport(config.smtpUrl);
        if (config.isProduction) {
          new Logger('Mail').warn(
            'NODE_ENV=production without SMTP_URL: emails, sign-in codes included, are written to the server log only. Set SMTP_URL.',
          );
        }
        return devMailbox;
      },
    },
  ],
  exports: [MailService, DevMailbox],
})
export class MailModule {}
