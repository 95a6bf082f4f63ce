import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgresError, reachableBy, startEmbeddedPostgres } from './embedded-postgres';

describe('embedded PostgreSQL', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'vantage-reach-'));
    chmodSync(root, 0o755);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe('reachableBy: may the postgres user enter every folder on the way', () => {
    // A user that owns none of these folders and is in none of their groups: only "others" bits count.
    const stranger = { uid: 987_654, gid: 987_654 };

    it('a path whose folders all let others enter is reachable', () => {
      mkdirSync(join(root, 'project', '.data'), { recursive: true, mode: 0o755 });
      expect(reachableBy(join(root, 'project', '.data'), stranger)).toBe(true);
    });

    it('a folder only its owner may enter (0700, like /root) on the way makes it unreachable', () => {
      mkdirSync(join(root, 'home', 'project', '.data'), { recursive: true, mode: 0o755 });
      chmodSync(join(root, 'home'), 0o700);
      expect(reachableBy(join(root, 'home', 'project', '.data'), stranger)).toBe(false);
    });

    it("the folder's owner or group may enter a 0700 or 0710 folder", () => {
      mkdirSync(join(root, 'mine'), { mode: 0o700 });
      const { uid, gid } = statSync(join(root, 'mine'));
      expect(reachableBy(join(root, 'mine'), { uid, gid: stranger.gid })).toBe(true);
      chmodSync(join(root, 'mine'), 0o710);
      expect(reachableBy(join(root, 'mine'), { uid: stranger.uid, gid })).toBe(true);
    });
  });

  it('a port already in use stops the start with one sentence that says what to do', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    const { port } = taken.address() as { port: number };
    try {
      const start = startEmbeddedPostgres({ dataDir: join(root, 'postgres'), port, persistent: false });
      await expect(start).rejects.toBeInstanceOf(EmbeddedPostgresError);
      await expect(start).rejects.toThrow(
        `Port ${port} for the embedded PostgreSQL is already in use. Stop the other process, or set EMBEDDED_PG_PORT`,
      );
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
