import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { JwtTwoFactorGuard } from './auth/jwt-two-factor.guard';
import { NoImpersonationGuard } from './auth/no-impersonation.guard';
import { PostgresThrottlerStorage } from './auth/postgres-throttler-storage';
import { TeamTwoFactorGuard } from './auth/team-two-factor';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CrmModule } from './crm/crm.module';
import { dataSourceOptions } from './database/data-source';
import { DatabaseHealth } from './health/database-health';
import { ImpersonationModule } from './impersonation/impersonation.module';
import { DevMailboxModule, devMailboxEnabled } from './mail/dev-mailbox.module';
import { MailModule } from './mail/mail.module';
import { MetricsModule } from './observability/metrics';
import { ProfileModule } from './profile/profile.module';
import { SignInModule } from './sign-in/sign-in.module';
import { TeamsModule } from './teams/teams.module';
import { TwoFactorModule } from './two-factor/two-factor.module';
import { UsersModule } from './users/users.module';

/**
 * The module list is the architecture at a glance, lowest layer first: the auth core, the
 * features that build on it, the sign-in flow that combines them, and the product's areas.
 * Only ConfigModule is global.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl), migrationsRun: true, retryAttempts: 2, retryDelay: 1000 }),
        // Per-client limit on the auth and 2FA routes (they opt in with ThrottlerGuard), counted in
        // PostgreSQL so every instance shares it.
        ThrottlerModule.forRootAsync({
          imports: [AuthModule],
          inject: [PostgresThrottlerStorage],
          useFactory: (storage: PostgresThrottlerStorage) => ({
            throttlers: [{ name: 'default', ttl: 60_000, limit: config.throttleAuthLimit }],
            storage,
          }),
        }),
        MetricsModule, // GET /api/metrics reads it; features that count an event import it too
        AuthModule, // the core: tokens, sessions, the request's auth context, guards, who may act as whom
        MailModule,
        AuditModule,
        UsersModule, // the users table and password confirmation
        TeamsModule,
        TwoFactorModule,
        ImpersonationModule,
        SignInModule, // the flow: password + second factor
        ProfileModule,
        CrmModule,
        AdminModule,
        ...(devMailboxEnabled(config) ? [DevMailboxModule] : []), // never in production, nor when SMTP_URL is set
      ],
      providers: [
        DatabaseHealth, // read by the /api/health route (health.route.ts)
        // Order matters: authenticate (and enforce 2FA) first, then the impersonation blocks, then
        // team-wide two-factor on the current team's data.
        // The first closes impersonations it finds over through ImpersonationModule's ImpersonationOverHandler.
        { provide: APP_GUARD, useClass: JwtTwoFactorGuard },
        { provide: APP_GUARD, useClass: NoImpersonationGuard },
        { provide: APP_GUARD, useClass: TeamTwoFactorGuard },
      ],
    };
  }
}
