import { createServer, type Server } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const WEB_ROOT = join(REPO_ROOT, 'web');

/**
 * The super admin the API creates at start (SUPER_ADMIN_EMAIL / SUPER_ADMIN_PASSWORD). Journeys
 * sign in as it to make admins of the people they register (PATCH /api/admin/users/:id).
 */
export const E2E_SUPER_ADMIN = {
  email: 'super.admin@e2e.vantage.test',
  password: 'e2e-super-admin-password',
  name: 'Super Admin',
} as const;

export interface E2eEnvironment {
  apiPort: number;
  postgresPort: number;
  /** A fresh directory per run for the embedded PostgreSQL and dev secrets. */
  dataDir: string;
  baseUrl: string;
}

function listenOnFreePort(): Promise<Server> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolvePort(server));
  });
}

/** Two distinct free ports: both sockets stay open until both numbers are known. */
async function twoFreePorts(): Promise<[number, number]> {
  const first = await listenOnFreePort();
  const second = await listenOnFreePort();
  const ports = [first, second].map((server) => {
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('could not read a free port');
    return address.port;
  });
  await Promise.all([first, second].map((server) => new Promise((done) => server.close(done))));
  return [ports[0], ports[1]];
}

/**
 * Playwright evaluates its config in the runner and again in every worker. The values are
 * chosen once and kept in environment variables, which the workers inherit, so every process
 * agrees on the same server.
 */
export async function e2eEnvironment(): Promise<E2eEnvironment> {
  if (!process.env.VANTAGE_E2E_API_PORT || !process.env.VANTAGE_E2E_PG_PORT) {
    const [apiPort, postgresPort] = await twoFreePorts();
    process.env.VANTAGE_E2E_API_PORT = String(apiPort);
    process.env.VANTAGE_E2E_PG_PORT = String(postgresPort);
  }
  process.env.VANTAGE_E2E_DATA_DIR ??= join(REPO_ROOT, '.data', `e2e-${Date.now()}-${process.pid}`);

  const apiPort = Number(process.env.VANTAGE_E2E_API_PORT);
  return {
    apiPort,
    postgresPort: Number(process.env.VANTAGE_E2E_PG_PORT),
    dataDir: process.env.VANTAGE_E2E_DATA_DIR,
    // `localhost`, not 127.0.0.1: WebAuthn refuses an IP address as the relying party id, which the API
    // takes from APP_URL (this URL), so passkeys work only on a name. The server still listens on 127.0.0.1.
    baseUrl: `http://localhost:${apiPort}`,
  };
}
