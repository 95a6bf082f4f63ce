import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { ErrorCode } from '@vantage/contracts';
import { AppException } from '../common/app-exception';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** One email: a plain-text body for every client and an HTML body for those that show it. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Where mail goes: SMTP when SMTP_URL is set, otherwise the development mailbox (see mail.module.ts). */
export interface MailTransport {
  deliver(mail: OutgoingMail & { from: string }): Promise<void>;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

/** How long a client should wait before asking again after a mail outage. */
const MAIL_RETRY_AFTER_SECONDS = 30;

@Injectable()
export class MailService {
  private readonly logger = new Logger('Mail');

  constructor(
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Delivers a message or throws 503 MAIL_UNAVAILABLE. Use it when the request is pointless
   * without the mail (a sign-in code): the caller can tell the user to try again.
   */
  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.transport.deliver({ ...mail, from: this.config.mailFrom });
    } catch (error) {
      this.logger.warn(`Could not send "${mail.subject}" to ${mail.to}: ${(error as Error).message}`);
      throw new AppException(ErrorCode.MAIL_UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE, undefined, {
        headers: { 'Retry-After': String(MAIL_RETRY_AFTER_SECONDS) },
      });
    }
  }

  /**
   * Delivers a notice about something that already happened (2FA or password changed). The change
   * is committed by then, so a mail outage must not turn it into an error: it is logged instead.
   * Resolves to whether the notice went out.
   */
  async notify(mail: OutgoingMail): Promise<boolean> {
    try {
      await this.send(mail);
      return true;
    } catch {
      return false;
    }
  }
}
