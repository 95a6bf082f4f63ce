import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

/**
 * The app's Prometheus metrics, in one registry per app instance (two instances in one test process
 * keep their own). Counters are incremented where the event happens; gauges about shared state are
 * read when Prometheus scrapes, so every instance reports the same truth.
 */
@Injectable()
export class AppMetrics {
  readonly registry = new Registry();

  /** Recorded for every answered request (see metrics.route.ts), by route pattern, method and status. */
  readonly requestDuration = new Histogram({
    name: 'vantage_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** A wrong or unusable second-factor code (TwoFactorService.verify), by what it was for. */
  readonly twoFactorFailures = new Counter({
    name: 'vantage_two_factor_failures_total',
    help: 'Wrong two-factor codes, by purpose (login, step_up, …)',
    labelNames: ['purpose'] as const,
    registers: [this.registry],
  });

  /** An account locked by its failed codes (the attempt that used up the budget). */
  readonly twoFactorLockouts = new Counter({
    name: 'vantage_two_factor_lockouts_total',
    help: 'Accounts locked after too many wrong two-factor codes',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'vantage_' });
  }

  /** The text Prometheus scrapes. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}

/** Gauges read from PostgreSQL and the connection pool at scrape time. */
@Injectable()
export class DatabaseMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: AppMetrics,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    const db = this.db;
    const registers = [this.metrics.registry];
    // The pool is read before the impersonation count's own query takes a connection from it.
    const pool = () => (db.driver as unknown as { master?: Pool }).master;
    const poolGauge = (name: string, help: string, read: (p: Pool) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const p = pool();
          this.set(p ? read(p) : 0);
        },
      });
    poolGauge('vantage_db_pool_connections', 'Open connections of this instance’s database pool', (p) => p.totalCount);
    poolGauge('vantage_db_pool_idle_connections', 'Idle connections of this instance’s database pool', (p) => p.idleCount);
    poolGauge('vantage_db_pool_waiting_queries', 'Queries of this instance waiting for a free connection', (p) => p.waitingCount);
    new Gauge({
      name: 'vantage_active_impersonations',
      help: 'Impersonations running now, across every instance (read from the database at scrape time)',
      registers,
      async collect() {
        try {
          const rows: { active: number }[] = await db.query(
            'SELECT count(*)::int AS active FROM impersonations WHERE ended_at IS NULL AND expires_at > now()',
          );
          this.set(rows[0]?.active ?? 0);
        } catch {
          // The database does not answer: say "unknown" rather than a stale number.
          this.set(Number.NaN);
        }
      },
    });
  }
}

/** Imported by the app and by the features that count an event (two-factor). */
@Module({ providers: [AppMetrics, DatabaseMetrics], exports: [AppMetrics] })
export class MetricsModule {}
