import { Module } from '@nestjs/common';
import { JobQueue } from './job-queue';

/** The durable job queue (pg-boss on the app's PostgreSQL) that mail and scheduled sweeps run on. */
@Module({
  providers: [JobQueue],
  exports: [JobQueue],
})
export class JobsModule {}
