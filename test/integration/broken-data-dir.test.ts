import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { MIGRATIONS } from '../../migrations';
import { SqliteDatabase, StorageError } from '../../src/events/sqlite-database';
import { PROJECTIONS } from '../../src/projections/read-models';
import { type App, createApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';
import { PROOF_OFF } from '../support/test-app';
import { ofType, waitForEvent } from '../support/wait-for-event';

/**
 * We run as root, where a 0555 directory does not stop writes; what is read-only for everyone is used instead: a
 * path through a regular file (ENOTDIR), sysfs and procfs. A full disk is SQLite's max_page_count on the
 * writer: inserts then fail with SQLITE_FULL, and raising it again is space coming back.
 */
describe('a broken data directory', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  const open = (file: string) => SqliteDatabase.open({ file, entities: PROJECTIONS.map((p) => p.entity), migrations: MIGRATIONS });

  /** A path whose parent is a regular file. */
  function underAFile(): string {
    const file = join(dir.path, 'not-a-dir');
    writeFileSync(file, 'x');
    return join(file, 'data');
  }

  it('a data directory under a regular file: one message naming the path and the cause', async () => {
    const data = underAFile();
    const error = await open(join(data, 'botarmy.sqlite')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toBe(`cannot use the data directory ${data}: a part of the path is not a directory (ENOTDIR)`);
  });

  it('a directory no one may create files in (sysfs): permission denied, even for root', async () => {
    await expect(open('/sys/kernel/botarmy.sqlite')).rejects.toThrow('cannot use the data directory /sys/kernel: permission denied (EACCES)');
  });

  it('a data directory under /proc fails at once (Node’s recursive mkdir would never return there)', async () => {
    await expect(open('/proc/botarmy-test/data/botarmy.sqlite')).rejects.toThrow(/^cannot use the data directory \/proc\/botarmy-test\/data: no such file or directory \(ENOENT\)$/);
  });

  describe('the command line', () => {
    it.each([['serve'], ['run', 'Build a shop.']])('`botarmy %s` prints one line to stderr and exits 1', async (...args) => {
      const data = underAFile();
      const { code, stderr } = await runCli(args, { BOTARMY_DATA_DIR: data, LOG_LEVEL: 'silent', PORT: '0' });
      expect(code).toBe(1);
      expect(stderr).toBe(`botarmy: cannot use the data directory ${data}: a part of the path is not a directory (ENOTDIR)\n`);
    });
  });

  describe('a full disk', () => {
    let app: App;
    const logs: { msg: string; projectId?: string; retryInMs?: number; err?: { message: string } }[] = [];

    beforeAll(async () => {
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line));
          done();
        },
      });
      const config = loadConfig({ BOTARMY_DATA_DIR: join(dir.path, 'full'), BOTARMY_SQLITE_SYNCHRONOUS: 'NORMAL', ...PROOF_OFF });
      app = await createApp(config, { logger: pino({ level: 'info' }, sink) });
    });
    afterAll(async () => {
      await (app.db as SqliteDatabase).writer.query('PRAGMA max_page_count = 1073741823');
      await app.close();
    });

    const fill = async () => {
      const [{ page_count }] = (await (app.db as SqliteDatabase).writer.query('PRAGMA page_count')) as { page_count: number }[];
      await (app.db as SqliteDatabase).writer.query(`PRAGMA max_page_count = ${page_count}`);
    };
    const makeRoom = () => (app.db as SqliteDatabase).writer.query('PRAGMA max_page_count = 1073741823');

    it('a failed write reports the full disk and the file, not a failed rollback', async () => {
      await fill();
      const big = 'x'.repeat(200_000);
      const id = app.services.commands.newId();
      await expect(app.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: 'Big', requirements: `Build a shop. ${big}`.slice(0, 20000) })).rejects.toThrow(
        `cannot write to ${app.config.databaseFile}: database or disk is full (SQLITE_FULL)`,
      );
      await makeRoom();
      // The same write goes through once there is room: nothing was left half done.
      await app.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: 'Big', requirements: 'Build a shop.', settings: { proof: app.services.proofDefaults } });
    });

    it('the workflow tries again later and later while the disk is full, and the project resumes by itself once there is room', async () => {
      await app.startWorkflow();
      await fill();
      const id = app.services.commands.newId();
      // The project's first event may still fit; the LLM calls' events will not.
      await app.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: 'Shop', requirements: SHOP, settings: { proof: app.services.proofDefaults } }).catch(async () => {
        await makeRoom();
        await app.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: 'Shop', requirements: SHOP, settings: { proof: app.services.proofDefaults } });
        await fill();
      });
      const stalls = () => logs.filter((l) => l.projectId === id && l.msg === 'the project could not move on, trying again later');
      await waitUntil(() => stalls().length >= 3);
      const delays = stalls().map((l) => l.retryInMs!);
      // Each wait longer than the one before (0.5 s, 1 s, 2 s … with jitter), never a hot loop.
      for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1]);
      expect(stalls()[0].err!.message).toContain(`cannot write to ${app.config.databaseFile}: database or disk is full (SQLITE_FULL)`);

      await makeRoom();
      await waitForEvent(app, id, ofType('ProjectCompleted'), 60000);
    }, 90000);
  });
});

/** Clear enough for the offline analyst to be confident, so the project runs through without a person. */
const SHOP = 'Build a simple e-commerce web application with user authentication, product catalog, and shopping cart functionality.';

/** Polls a condition with a bounded wait. */
async function waitUntil(condition: () => boolean, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
