import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SUPPORT_ACTIONS_MAX, type SupportAction } from '@vantage/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { AuthContext } from '../../auth/auth-context';
import { ImpersonatedWriteRecorder } from '../../auth/impersonated-write.port';

/** Buffered entries are written at least this often… */
const FLUSH_INTERVAL_MS = 250;
/** …or as soon as this many are waiting. */
const FLUSH_BATCH_SIZE = 200;
/** After a failed write (the database away), the entries wait this long before the next try. */
const RETRY_DELAY_MS = 2_000;
/** While the database is away the buffer keeps at most this many entries; beyond it the oldest are dropped (and logged). */
const MAX_BUFFERED = 50_000;
/** The column's length: the path keeps its query string up to here. */
const PATH_MAX_LENGTH = 2048;
const METHOD_MAX_LENGTH = 10;

interface BufferedRead {
  impersonationId: string;
  at: Date;
  method: string;
  path: string;
  status: number;
}

interface BufferedStatus {
  entryId: string;
  status: number;
}

interface ActionRow {
  at: Date;
  method: string;
  path: string;
  status: number | null;
}

type ImpersonatedRequest = FastifyRequest & { auth?: AuthContext };

/**
 * The log of what support did (SPEC §10): the owner of `impersonation_actions`, its only writer.
 * Every request made with an impersonation token gets one entry — when it arrived, method, path with
 * its ids and query, and the status it was answered with.
 *
 * - Reads (GET/HEAD) change nothing, so their entries are kept in memory and written in batches (one
 *   multi-row INSERT every 250 ms or 200 entries) after the answer: no database round trip on their path.
 * - Writes: the entry is committed (without a status) *before* the handler runs, and the request waits
 *   for it, so no change can happen without its entry. We chose this over writing the entry in the
 *   change's own transaction: services own their transactions, and joining them would need one
 *   request-wide transaction around every handler. Committing first gives the customer the same
 *   guarantee, and a crash mid-request leaves an entry without a status: attempted, outcome unknown.
 *   The status is filled in after the answer, batched like the reads.
 * - The buffer is written before the database pool closes on shutdown (beforeApplicationShutdown), and
 *   before any list of actions is read.
 */
@Injectable()
export class ImpersonationActionLog extends ImpersonatedWriteRecorder implements BeforeApplicationShutdown {
  private readonly logger = new Logger('ImpersonationActionLog');
  private reads: BufferedRead[] = [];
  private statuses: BufferedStatus[] = [];
  /** The entry of each write in progress, to put its status on when it is answered. */
  private readonly writeEntries = new WeakMap<FastifyRequest, string>();
  private timer: NodeJS.Timeout | null = null;
  /** The batch being written; the next one starts after it, so batches never overtake each other. */
  private writing: Promise<void> = Promise.resolve();

  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  /** A write's entry, committed before its handler runs (see the class comment). */
  async recordBeforeHandling(impersonationId: string, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const [row]: { id: string }[] = await this.db.query(
      `INSERT INTO impersonation_actions (impersonation_id, at, method, path) VALUES ($1, $2, $3, $4) RETURNING id`,
      [impersonationId, arrivalOf(reply), request.method.slice(0, METHOD_MAX_LENGTH), pathOf(request)],
    );
    this.writeEntries.set(request, row.id);
  }

  /** A write's entry as recordBeforeHandling stores it, for a handler that writes it in its own statement (WritesOwnActionEntry). */
  entryOf(request: FastifyRequest, reply: FastifyReply): { at: Date; method: string; path: string } {
    return { at: arrivalOf(reply), method: request.method.slice(0, METHOD_MAX_LENGTH), path: pathOf(request) };
  }

  /** The handler stored the write's entry (see entryOf): its status is put on it after the answer. */
  adopt(request: FastifyRequest, entryId: string): void {
    this.writeEntries.set(request, entryId);
  }

  /** Every answered request passes here (a Fastify onResponse hook): an impersonated read is buffered, a write gets its status. */
  answered(request: ImpersonatedRequest, reply: FastifyReply): void {
    const entryId = this.writeEntries.get(request);
    if (entryId !== undefined) {
      this.statuses.push({ entryId, status: reply.statusCode });
    } else {
      const impersonation = request.auth?.impersonation;
      // A write without an entry and without a known session had its token refused before the session
      // was known. One with a session belongs to a route that writes its own entry (WritesOwnActionEntry)
      // but was refused before its handler ran: listed now, with its answer.
      if (!impersonation) return;
      this.reads.push({
        impersonationId: impersonation.id,
        at: arrivalOf(reply),
        method: request.method,
        path: pathOf(request),
        status: reply.statusCode,
      });
    }
    this.schedule();
  }

  /** Writes everything buffered until now; resolves once it is stored (or, the database being away, kept for a later try). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const reads = this.reads;
    const statuses = this.statuses;
    this.reads = [];
    this.statuses = [];
    this.writing = this.writing.then(() => this.store(reads, statuses));
    return this.writing;
  }

  /** A session's actions, oldest first (this instance's buffer written first). */
  async actionsOf(impersonationId: string): Promise<SupportAction[]> {
    await this.flush();
    const rows: ActionRow[] = await this.db.query(
      `SELECT at, method, path, status FROM impersonation_actions
        WHERE impersonation_id = $1
        ORDER BY at, id
        LIMIT $2`,
      [impersonationId, SUPPORT_ACTIONS_MAX],
    );
    return rows.map((r) => ({ at: r.at.toISOString(), method: r.method, path: r.path, status: r.status }));
  }

  /** Runs after the server stopped taking requests and those in flight were answered, before the pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private schedule(): void {
    if (this.reads.length + this.statuses.length >= FLUSH_BATCH_SIZE) {
      void this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
      this.timer.unref();
    }
  }

  private async store(reads: BufferedRead[], statuses: BufferedStatus[]): Promise<void> {
    if (!reads.length && !statuses.length) return;
    try {
      // One statement, one round trip: the batch's new entries and the statuses of answered writes.
      // Entries of a session deleted meanwhile (with its user) are skipped: they would fail the whole batch.
      await this.db.query(
        `WITH new_entries AS (
           INSERT INTO impersonation_actions (impersonation_id, at, method, path, status)
           SELECT e.* FROM unnest($1::uuid[], $2::timestamptz[], $3::varchar[], $4::varchar[], $5::smallint[])
                    AS e(impersonation_id, at, method, path, status)
            WHERE EXISTS (SELECT 1 FROM impersonations i WHERE i.id = e.impersonation_id)
         )
         UPDATE impersonation_actions a SET status = s.status
           FROM unnest($6::bigint[], $7::smallint[]) AS s(id, status)
          WHERE a.id = s.id`,
        [
          reads.map((r) => r.impersonationId),
          reads.map((r) => r.at),
          reads.map((r) => r.method),
          reads.map((r) => r.path),
          reads.map((r) => r.status),
          statuses.map((s) => s.entryId),
          statuses.map((s) => s.status),
        ],
      );
    } catch (error) {
      if (isTransient(error)) this.keepForRetry(reads, statuses, error as Error);
      // Anything else would fail again on every try and hold back every later entry.
      else this.logger.error(`Dropped ${reads.length + statuses.length} support action entries: ${(error as Error).message}`);
    }
  }

  private keepForRetry(reads: BufferedRead[], statuses: BufferedStatus[], error: Error): void {
    this.reads = reads.concat(this.reads);
    this.statuses = statuses.concat(this.statuses);
    const over = this.reads.length + this.statuses.length - MAX_BUFFERED;
    if (over > 0) this.reads.splice(0, Math.min(over, this.reads.length));
    this.logger.warn(
      `Could not store ${reads.length + statuses.length} support action entries (${error.message}); ` +
        `${this.reads.length + this.statuses.length} wait for the next try${over > 0 ? `, ${over} oldest dropped` : ''}`,
    );
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), RETRY_DELAY_MS);
      this.timer.unref();
    }
  }
}

/**
 * The database is away or busy for a moment (no connection, shutting down or starting, out of resources,
 * a serialization conflict): the same batch will succeed later.
 */
function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code !== 'string' || /^(08|40|53|57)/.test(code) || code.startsWith('E');
}

/** When the request arrived: Fastify counts the reply's elapsed time from then. */
function arrivalOf(reply: FastifyReply): Date {
  return new Date(Date.now() - reply.elapsedTime);
}

/** The URL as asked: path with its ids and the query string, cut to the column's length. */
function pathOf(request: FastifyRequest): string {
  return request.url.length > PATH_MAX_LENGTH ? request.url.slice(0, PATH_MAX_LENGTH) : request.url;
}
