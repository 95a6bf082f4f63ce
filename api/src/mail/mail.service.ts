import { HttpStatus, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ErrorCode } from '@vantage/contracts';
import type { EntityManager } from 'typeorm';
import { AppException } from '../common/app-exception';
import { deriveKey, SecretBox } from '../common/secret-box';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobQueue } from '../jobs/job-queue';

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

/** The job queue of outgoing mail. */
export const MAIL_QUEUE = 'mail';

/** Tries after the first: with the delay doubling from 30 s, the last is about 8.5 hours after the first. */
const MAIL_RETRY_LIMIT = 10;

/**
 * A queued mail as the queue's tables store it: sealed, because its text carries single-use links
 * (password reset, invitations) whose tokens the database otherwise keeps only hashed. A copy of the
 * job tables is no more useful to an attacker than a copy of the tokens' table.
 */
export interface QueuedMail {
  /** In clear, so an operator can find the mail of one address. */
  to: string;
  sealed: string;
}
const QUEUED_MAIL_CONTEXT = 'queued-mail';

@Injectable()
export class MailService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Mail');
  private readonly box: SecretBox;

  constructor(
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
  ) {
    this.box = new SecretBox(deriveKey(config.encryptionKey, 'queued-mail'));
  }

  async onApplicationBootstrap(): Promise<void> {
    // A delivery in progress when its instance died is tried again after two minutes.
    await this.jobs.createQueue(MAIL_QUEUE, { policy: 'standard', expireInSeconds: 120 });
    await this.jobs.work<QueuedMail>(MAIL_QUEUE, {
      batchSize: 10,
      handle: (job) => this.deliverQueued(JSON.parse(this.box.open(job.sealed, QUEUED_MAIL_CONTEXT)) as OutgoingMail),
    });
  }

  /**
   * Delivers a message now or throws 503 MAIL_UNAVAILABLE. Only for mail the person is waiting
   * for, such as a sign-in code: they are told at once to try again later.
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
   * Queues a message (notices, invitations, links) for the mail worker, which sends it and, while
   * the mail server is unreachable, tries again with a growing delay. Pass the transaction's
   * `manager` when the mail tells of a change: it is then sent if and only if the change commits.
   */
  async queue(mail: OutgoingMail, manager?: EntityManager): Promise<void> {
    const job: QueuedMail = { to: mail.to, sealed: this.box.seal(JSON.stringify(mail), QUEUED_MAIL_CONTEXT) };
    await this.jobs.send(
      MAIL_QUEUE,
      job,
      { retryLimit: MAIL_RETRY_LIMIT, retryDelaySeconds: this.config.mailRetryDelaySeconds, retryBackoff: true },
      manager,
    );
  }

  private async deliverQueued(mail: OutgoingMail): Promise<void> {
    try {
      await this.transport.deliver({ ...mail, from: this.config.mailFrom });
    } catch (error) {
      this.logger.warn(`Could not send "${mail.subject}" to ${mail.to}, will try again: ${(error as Error).message}`);
      throw error;
    }
  }
}
