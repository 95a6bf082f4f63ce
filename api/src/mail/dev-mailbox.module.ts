import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { DevMailboxController } from './dev-mailbox.controller';
import { MailModule } from './mail.module';

/**
 * The public `GET /api/dev/mailbox` page. It shows sign-in codes to anyone, so AppModule registers
 * this module only when `devMailboxEnabled(config)`: never in production, and not when real SMTP
 * delivery is configured (the page would be empty and misleading).
 */
@Module({ imports: [MailModule], controllers: [DevMailboxController] })
export class DevMailboxModule {}

export function devMailboxEnabled(config: AppConfig): boolean {
  return !config.isProduction && !config.smtpUrl;
}

/** The start-up line that points people to the development mailbox; null where there is none to visit. */
export function devMailboxAnnouncement(config: AppConfig): string | null {
  return devMailboxEnabled(config) ? `No SMTP_URL: outgoing mail is printed here and shown at ${config.appUrl}/dev/mailbox` : null;
}
