import { type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type { MailTransport, OutgoingMail } from './mail.service';

/**
 * Real delivery over SMTP_URL (smtp:// or smtps://, credentials in the URL). Timeouts are short
 * so an unreachable server turns into a quick 503 rather than a hanging request.
 */
export class SmtpMailTransport implements MailTransport, OnApplicationShutdown {
  private readonly transporter: Transporter;

  constructor(smtpUrl: string) {
    this.transporter = createTransport({
      url: smtpUrl,
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 15_000,
      pool: true,
    });
  }

  async deliver(mail: OutgoingMail & { from: string }): Promise<void> {
    await this.transporter.sendMail({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
  }

  onApplicationShutdown(): void {
    this.transporter.close();
  }
}
