import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import PgBoss from 'pg-boss';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** How long shutdown waits for jobs in progress (SIGTERM allows the app about 10 s in all). */
const STOP_TIMEOUT_MS = 8_000;

export interface RetryPolicy {
  retryLimit: number;
  retryDelaySeconds: number;
  /** Each further try waits twice as long as the one before. */
  retryBackoff: boolean;
}

export interface QueueWorker<T> {
  /** Jobs fetched at once; each is handled on its own (one failure does not retry the others). */
  batchSize: number;
  handle: (data: T) => Promise<void>;
}

/**
 * The durable job queue (pg-boss) on the app's own PostgreSQL and connection pool, started with
 * the app and stopped before the pool closes. Features create their queues and workers on it at
 * start-up: the mail worker (mail/), the impersonation expiry sweep (impersonation/).
 *
 * A job sent with a transaction's EntityManager is written by that transaction: it exists only if
 * the change commits. This instance's worker is woken as soon as the job can be seen (at once, or
 * right after the commit), so queued work does not wait for the next poll.
 */
@Injectable()
export class JobQueue implements OnModuleInit, BeforeApplicationShutdown, EntitySubscriberInterface {
  private readonly logger = new Logger('Jobs');
  private readonly boss: PgBoss;
  private readonly workerIds = new Map<string, string>();
  private statementsRunning = 0;
  private handlersRunning = 0;
  private closed = false;
  /** Queues with a job written by a transaction still open, woken when it commits. */
  private readonly queuedInTransaction = new WeakMap<QueryRunner, Set<string>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => this.query(text, values) },
      // Its tables live in a schema of their own (JOB_QUEUE_SCHEMA), beside the app's.
      schema: config.jobQueueSchema,
      schedule: config.jobScheduler,
      // Schedules are checked, and scheduled jobs moved to their queue, as often as our workers poll:
      // a schedule made at start-up runs within seconds (each still at most once a minute).
      cronMonitorIntervalSeconds: Math.max(1, Math.ceil(config.jobPollIntervalSeconds)),
      cronWorkerIntervalSeconds: Math.max(1, Math.ceil(config.jobPollIntervalSeconds)),
    });
    // pg-boss reports what goes wrong in its loops (the database restarting, a failed poll) as events.
    this.boss.on('error', (error: Error) => this.logger.warn(`Job queue: ${error.message}`));
  }

  async onModuleInit(): Promise<void> {
    this.db.subscribers.push(this);
    const { rows } = await this.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [this.config.jobQueueSchema]);
    if (rows.length) await this.boss.start();
    else await this.oneInstanceAtATime(() => this.boss.start());
  }

  async beforeApplicationShutdown(): Promise<void> {
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    await this.boss.stop({ graceful: true, timeout: STOP_TIMEOUT_MS, close: false });
    // pg-boss's stop does not wait for a worker's poll already under way, nor for the completion it
    // records after a handler (without awaiting it): wait until none of its statements nor our
    // handlers are running, so none reaches the pool after TypeORM has closed it.
    let quietTurns = 0;
    while (quietTurns < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      quietTurns = this.statementsRunning === 0 && this.handlersRunning === 0 ? quietTurns + 1 : 0;
    }
    this.closed = true;
    const index = this.db.subscribers.indexOf(this);
    if (index >= 0) this.db.subscribers.splice(index, 1);
  }

  /**
   * Creates the queue if it does not exist yet (called on every start). `expireInSeconds`: a job
   * still active after that (its instance died) is failed and tried again.
   */
  async createQueue(name: string, options: { policy: 'standard' | 'singleton'; expireInSeconds: number }): Promise<void> {
    if (await this.boss.getQueue(name)) return;
    await this.oneInstanceAtATime(() => this.boss.createQueue(name, { name, ...options }));
  }

  /** Runs `worker.handle` for the queue's jobs on this instance; a job whose handler throws is retried per its policy. */
  async work<T extends object>(name: string, worker: QueueWorker<T>): Promise<void> {
    const id = await this.boss.work<T>(
      name,
      { batchSize: worker.batchSize, pollingIntervalSeconds: this.config.jobPollIntervalSeconds },
      async (jobs) => {
        this.handlersRunning++;
        try {
          await this.handleBatch(name, jobs, worker);
        } finally {
          this.handlersRunning--;
        }
      },
    );
    this.workerIds.set(name, id);
  }

  private async handleBatch<T extends object>(name: string, jobs: PgBoss.Job<T>[], worker: QueueWorker<T>): Promise<void> {
    const results = await Promise.allSettled(jobs.map((job) => worker.handle(job.data)));
    // pg-boss completes every job of the batch when the handler returns: the failed ones are
    // marked first, so only they are tried again.
    for (const [i, result] of results.entries()) {
      if (result.status === 'rejected')
        await this.boss.fail(name, jobs[i].id, { message: String((result.reason as Error)?.message ?? result.reason) });
    }
  }

  /** Sends the queue one job each time `cron` (UTC) comes round, once across all instances. */
  async schedule(name: string, cron: string): Promise<void> {
    await this.boss.schedule(name, cron);
  }

  /**
   * Queues a job. With `manager` (inside `db.transaction`), the job is part of that transaction:
   * a rollback leaves no job, a commit leaves one that survives restarts.
   */
  async send<T extends object>(name: string, data: T, retry: RetryPolicy, manager?: EntityManager): Promise<void> {
    const runner = manager?.queryRunner;
    const inTransaction = runner?.isTransactionActive === true;
    const options: PgBoss.SendOptions = {
      retryLimit: retry.retryLimit,
      retryDelay: retry.retryDelaySeconds,
      retryBackoff: retry.retryBackoff,
    };
    if (inTransaction) {
      options.db = { executeSql: async (text, values) => ({ rows: (await runner.query(text, values, true)).records as unknown[] }) };
    }
    await this.boss.send(name, data, options);
    if (inTransaction) {
      const queues = this.queuedInTransaction.get(runner) ?? new Set<string>();
      queues.add(name);
      this.queuedInTransaction.set(runner, queues);
    } else {
      this.wake(name);
    }
  }

  /** TypeORM calls this after every commit, of the outermost transaction or of a savepoint. */
  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    if (runner.isTransactionActive) return; // a savepoint: the job is still invisible to others
    const queues = this.queuedInTransaction.get(runner);
    if (!queues) return;
    this.queuedInTransaction.delete(runner);
    for (const name of queues) this.wake(name);
  }

  afterTransactionRollback(event: { queryRunner: QueryRunner }): void {
    if (!event.queryRunner.isTransactionActive) this.queuedInTransaction.delete(event.queryRunner);
  }

  /**
   * Instances starting together on a new database would race to create the queue's schema and
   * tables (PostgreSQL answers with duplicate keys and deadlocks): they take turns.
   */
  private async oneInstanceAtATime<T>(work: () => Promise<T>): Promise<T> {
    const lock = `job-queue:${this.config.jobQueueSchema}`;
    const client = await this.pool().connect();
    try {
      await client.query(`SELECT pg_advisory_lock(hashtext($1))`, [lock]);
      return await work();
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext($1))`, [lock]).catch(() => undefined);
      client.release();
    }
  }

  private wake(name: string): void {
    const id = this.workerIds.get(name);
    if (id) this.boss.notifyWorker(id);
  }

  /** pg-boss's statements; after shutdown none reaches the pool (a late one answers no rows: its job is tried again later). */
  private async query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
    if (this.closed) return { rows: [] };
    this.statementsRunning++;
    try {
      return await this.pool().query(text, values);
    } finally {
      this.statementsRunning--;
    }
  }

  private pool(): Pool {
    return (this.db.driver as unknown as { master: Pool }).master;
  }
}
