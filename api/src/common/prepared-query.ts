import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Runs one statement as a named (prepared) statement on the app's pool: PostgreSQL parses and plans
 * it once per connection instead of on every call — worth it for a hot statement of many parts.
 * Outside any transaction: the statement is atomic on its own.
 *
 * A connection that drops mid-query can report several errors on its client (over a Unix socket:
 * write EPIPE, then the server's FATAL 57P01); pool.query() listens for one and a second would crash
 * the process (found by npm run test:faults), so the client is taken and released here with a listener
 * that stays on a broken client until it is gone. The session check uses it on every request.
 */
export async function preparedQuery<T extends QueryResultRow>(db: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const pool = (db.driver as PostgresDriver).master as Pool;
  const client = await pool.connect();
  const heard: Error[] = [];
  const hear = (error: Error) => heard.push(error);
  client.on('error', hear);
  try {
    return (await client.query<T>({ name, text, values })).rows;
  } catch (error) {
    heard.push(error as Error);
    throw error;
  } finally {
    if (heard.length) {
      client.release(heard[0]); // discarded by the pool; `hear` keeps listening
    } else {
      client.removeListener('error', hear);
      client.release();
    }
  }
}
