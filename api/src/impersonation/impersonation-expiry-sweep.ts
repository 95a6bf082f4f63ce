import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueue } from '../jobs/job-queue';
import { ImpersonationEndings } from './impersonation-endings';
import { ImpersonationNotices } from './impersonation-notices';

/** The scheduled job that marks expired the impersonations that ran out with nobody calling (and sends notices left unsent). */
export const EXPIRY_SWEEP_QUEUE = 'impersonation-expiry-sweep';

/**
 * Once a minute, across all instances: the schedule makes one job per minute whatever the number
 * of instances, and one instance's worker runs it (a singleton queue: never two at once). A record
 * ends once anyway — the update is guarded — so a sweep missed during a restart is only late.
 */
@Injectable()
export class ImpersonationExpirySweep implements OnApplicationBootstrap {
  private readonly logger = new Logger('Impersonation');

  constructor(
    private readonly jobs: JobQueue,
    private readonly endings: ImpersonationEndings,
    private readonly notices: ImpersonationNotices,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A sweep whose instance died frees the queue for the next one within the minute.
    await this.jobs.createQueue(EXPIRY_SWEEP_QUEUE, { policy: 'singleton', expireInSeconds: 50 });
    await this.jobs.schedule(EXPIRY_SWEEP_QUEUE, '* * * * *');
    await this.jobs.work(EXPIRY_SWEEP_QUEUE, { batchSize: 1, handle: () => this.sweep() });
  }

  async sweep(): Promise<void> {
    const ended = await this.endings.end({ overdue: true }, 'expired');
    if (ended.length) this.logger.log(`Expiry sweep: ${ended.length} impersonation(s) ran out and were ended`);
    // Notices whose instance stopped before sending them (see ImpersonationNotices).
    await this.notices.sendPending();
  }
}
