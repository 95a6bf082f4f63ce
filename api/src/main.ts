import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { join } from 'node:path';
import { type DataSource } from 'typeorm';
import { PasswordService } from './auth/password.service';
import { createApp } from './bootstrap/create-app';
import { prepareGracefulShutdown, SHUTDOWN_GRACE_MS } from './bootstrap/graceful-shutdown';
import { ConfigError, loadConfig } from './config/app-config';
import { startEmbeddedPostgres, type RunningPostgres } from './database/embedded-postgres';
import { demoLoginsBlock, demoLoginsLogLines } from './database/demo-announcement';
import { DEMO_PASSWORD, demoLogins, ensureSuperAdmin, seedDemoData } from './database/seed';
import { devMailboxAnnouncement } from './mail/dev-mailbox.module';
import { createLogger, PinoNestLogger } from './observability/logger';

const logger = new Logger('Vantage');

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  // One JSON logger from the first line on (the app's Fastify and Nest use the same one).
  const pinoLogger = createLogger(config);
  Logger.overrideLogger(new PinoNestLogger(pinoLogger));

  let embedded: RunningPostgres | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    logger.log(`No DATABASE_URL: starting the embedded PostgreSQL (data in ${join(config.dataDir, 'postgres')})`);
    embedded = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'postgres'), port: config.embeddedPgPort, persistent: true });
    databaseUrl = embedded.url;
  }

  const app = await createApp(config, databaseUrl, pinoLogger);
  // SIGTERM (a supervisor, `docker stop`) or SIGINT (Ctrl-C): requests in flight finish, then the app's
  // shutdown hooks run and the pool closes, then the embedded PostgreSQL stops; exit code 0.
  const closeGracefully = prepareGracefulShutdown(app, undefined, (line) => logger.warn(line));
  const shutdown = async (signal: string) => {
    const stoppingAt = Date.now();
    // A shutdown hook that never returns must not keep a stopped server alive: a supervisor would wait forever.
    setTimeout(() => {
      logger.error(`Still shutting down after ${(SHUTDOWN_GRACE_MS + 10_000) / 1000} s: exiting anyway`);
      pinoLogger.flush(() => process.exit(1));
    }, SHUTDOWN_GRACE_MS + 10_000).unref();
    logger.log(`${signal}: shutting down`);
    let code = 0;
    await closeGracefully().catch((error: unknown) => {
      logger.error(`Shutdown: ${(error as Error).message}`);
      code = 1;
    });
    await embedded?.stop().catch((error: unknown) => {
      logger.error(`The embedded PostgreSQL did not stop cleanly: ${(error as Error).message}`);
      code = 1;
    });
    logger.log(`Stopped in ${Date.now() - stoppingAt} ms`);
    pinoLogger.flush(() => process.exit(code));
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const db = app.get<DataSource>(getDataSourceToken());
  const passwords = app.get(PasswordService);
  if (config.superAdmin) await ensureSuperAdmin(db, (p) => passwords.hash(p), config.superAdmin.email, config.superAdmin.password);
  if (config.seedDemoData) {
    const seeded = await seedDemoData(db, (p) => passwords.hash(p), config.appUrl);
    logger.log(seeded ? 'Demo data seeded' : 'Demo data already present');
  }

  await app.listen({ port: config.port, host: config.host });
  logger.log(`Vantage is ready at ${config.appUrl} (started in ${Date.now() - startedAt} ms)`);
  const mailboxAnnouncement = devMailboxAnnouncement(config);
  if (mailboxAnnouncement) logger.log(mailboxAnnouncement);
  // Last, on every start, so a newcomer finds them on screen once the app is ready: a plain block for a
  // person at a terminal (the log is pretty-printed there outside production, and demo data never exists in
  // production), one JSON line per account when the output goes to a file or a log collector. The block goes
  // through the logger too: the pretty printer writes asynchronously, a direct write would come out first.
  if (config.seedDemoData) {
    if (process.stdout.isTTY && !config.logFile) pinoLogger.info(demoLoginsBlock(demoLogins(), DEMO_PASSWORD, config.appUrl));
    else for (const line of demoLoginsLogLines(demoLogins(), DEMO_PASSWORD)) logger.log(line);
  }
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error instanceof Error ? error.message : error);
    if (process.env.LOG_LEVEL === 'debug') console.error(error);
  }
  process.exit(1);
});
