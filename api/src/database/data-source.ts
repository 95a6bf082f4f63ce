import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES, MIGRATIONS } from './entities';

/** One definition of the database connection, shared by the app and the migration CLI. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: ['error'],
    extra: {
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      // A short connect timeout lets /api/health answer 503 quickly while the database is down.
      connectionTimeoutMillis: 3000,
      // Opening a connection costs a PostgreSQL process and a SCRAM exchange: idle ones are kept a
      // minute (pg's default is 10 s), so a burst after a quiet moment does not pay for ten of them.
      idleTimeoutMillis: 60_000,
    },
  };
}

/** For the TypeORM CLI (`npm run migration:run -w api`), which needs DATABASE_URL. */
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://localhost/vantage'));
