import { Logger } from '@nestjs/common';
import type { DevMail } from '@vantage/contracts';
import { randomUUID } from 'node:crypto';
import type { MailTransport, OutgoingMail } from './mail.service';

/** Enough for a demo session without growing without bound. */
export const DEV_MAILBOX_SIZE = 50;

/**
 * The transport when no SMTP_URL is configured: every message is written to the server log, and
 * (outside production) kept in memory for the development mailbox page, so 2FA codes can be read
 * with nothing installed. It never fails.
 */
export class DevMailbox implements MailTransport {
  private readonly logger = new Logger('Mail');
  private readonly kept: DevMail[] = [];

  /** @param retain false in production: nothing is kept, because nothing may serve it. */
  constructor(private readonly retain: boolean) {}

  deliver(mail: OutgoingMail): Promise<void> {
    this.logger.log(`No SMTP_URL — mail to ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text}`);
    if (this.retain) {
      this.kept.unshift({ id: randomUUID(), to: mail.to, subject: mail.subject, text: mail.text, sentAt: new Date().toISOString() });
      this.kept.length = Math.min(this.kept.length, DEV_MAILBOX_SIZE);
    }
    return Promise.resolve();
  }

  /** Newest first. */
  list(): DevMail[] {
    return [...this.kept];
  }
}
