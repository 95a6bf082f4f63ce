import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { JwtTwoFactorGuard } from './auth/jwt-two-factor.guard';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CrmModule } from './crm/crm.module';
import { dataSourceOptions } from './database/data-source';
import { DatabaseHealth } from './health/database-health';
import { ImpersonationModule } from './impersonation/impersonation.module';
import { DevMailboxModule, devMailboxEnabled } from './mail/dev-mailbox.module';
import { MailModule } from './mail/mail.module';
import { TwoFactorModule } from './two-factor/two-factor.module';
import { ProfileModule } from './users/profile.module';
import { NoImpersonationGuard } from './impersonation/no-impersonation.guard';

/** The module list is the architecture at a glance. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl), migrationsRun: true, retryAttempts: 2, retryDelay: 1000 }),
        // Per-client limit on the auth and 2FA routes (they opt in with ThrottlerGuard).
        ThrottlerModule.forRoot({ throttlers: [{ name: 'default', ttl: 60_000, limit: config.throttleAuthLimit }] }),
        AuditModule,
        AuthModule,
        MailModule,
        TwoFactorModule,
        ProfileModule,
        ...(devMailboxEnabled(config) ? [DevMailboxModule] : []), // never in production, nor when SMTP_URL is set
        CrmModule,
        ImpersonationModule,
        AdminModule,
      ],
      providers: [
        DatabaseHealth, // read by the /api/health route (health.route.ts)
        // Order matters: authenticate (and enforce 2FA) first, then the impersonation blocks.
        { provide: APP_GUARD, useClass: JwtTwoFactorGuard },
        { provide: APP_GUARD, useClass: NoImpersonationGuard },
      ],
    };
  }
}
