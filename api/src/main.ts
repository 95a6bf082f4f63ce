import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { join } from 'node:path';
import { type DataSource } from 'typeorm';
import { PasswordService } from './auth/password.service';
import { createApp } from './bootstrap/create-app';
import { ConfigError, loadConfig } from './config/app-config';
import { startEmbeddedPostgres, type RunningPostgres } from './database/embedded-postgres';
import { DEMO_PASSWORD, ensureSuperAdmin, seedDemoData } from './database/seed';
import { devMailboxAnnouncement } from './mail/dev-mailbox.module';

const logger = new Logger('Vantage');

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();

  let embedded: RunningPostgres | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    logger.log(`No DATABASE_URL: starting the embedded PostgreSQL (data in ${join(config.dataDir, 'postgres')})`);
    embedded = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'postgres'), port: config.embeddedPgPort, persistent: true });
    databaseUrl = embedded.url;
  }

  const app = await createApp(config, databaseUrl);
  const shutdown = async (signal: string) => {
    logger.log(`${signal}: shutting down`);
    await app.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const db = app.get<DataSource>(getDataSourceToken());
  const passwords = app.get(PasswordService);
  if (config.superAdmin) await ensureSuperAdmin(db, (p) => passwords.hash(p), config.superAdmin.email, config.superAdmin.password);
  if (config.seedDemoData) {
    const logins = await seedDemoData(db, (p) => passwords.hash(p), config.appUrl);
    if (logins) {
      logger.log(`Demo data seeded. Every demo account's password is: ${DEMO_PASSWORD}`);
      for (const login of logins) logger.log(`  ${login.email.padEnd(24)} ${login.role.padEnd(12)} ${login.note}`);
    } else {
      logger.log(`Demo data already present (password for every *.demo account: ${DEMO_PASSWORD})`);
    }
  }

  await app.listen({ port: config.port, host: config.host });
  logger.log(`Vantage is ready at ${config.appUrl} (started in ${Date.now() - startedAt} ms)`);
  const mailboxAnnouncement = devMailboxAnnouncement(config);
  if (mailboxAnnouncement) logger.log(mailboxAnnouncement);
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
