import { spawn } from 'node:child_process';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { runCli } from '../support/run-cli';
import { CLI } from '../support/server-process';
import { tempDir } from '../support/temp-dir';

function sql(file: string, statements: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file);
    db.exec(statements.join(';\n'), (error) => db.close(() => (error ? reject(error) : resolve())));
  });
}

describe('botarmy export, import, digest, replay and verify', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());
  const source = { BOTARMY_DATA_DIR: join(dir.path, 'a'), LLM_PROVIDER: 'offline' };
  const target = { BOTARMY_DATA_DIR: join(dir.path, 'b'), LLM_PROVIDER: 'offline' };
  let projectId = '';

  beforeAll(async () => {
    const run = await runCli(['run', 'Volunteer scheduling for a food bank. Coordinators publish shifts; volunteers sign up or drop out.'], source);
    expect(run.code).toBe(0);
    projectId = /^project: (\S+)/m.exec(run.stdout)![1];
  });

  it('exports JSON Lines, imports them into another database, and both print the same read-model digest', async () => {
    const file = join(dir.path, 'export.jsonl');
    expect((await runCli(['export', projectId, '--out', file], source)).code).toBe(0);
    const imported = await runCli(['import', file], target);
    expect(imported.stdout).toMatch(new RegExp(`imported \\d+ events as project ${projectId}`));
    const a = await runCli(['digest', projectId], source);
    const b = await runCli(['digest', projectId], target);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^[0-9a-f]{64} /);
    expect(b.stdout).toBe(a.stdout);

    const again = await runCli(['import', file], target);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists here/);
    const renamed = await runCli(['import', file, '--rename'], target);
    expect(renamed.code).toBe(0);
    expect(renamed.stdout).not.toContain(projectId);
    expect((await runCli(['verify'], target)).stdout).toMatch(/^ok: 2 streams/m);
    // Seven CLI processes, each starting Node, the database and a sandbox probe.
  }, 120_000);

  it('events piped into a reader that stops after the first line ends quietly, with no stack trace', async () => {
    const all = await runCli(['events', projectId], source);
    // More than a pipe holds, so the reader's leaving is felt mid-write.
    expect(all.stdout.length).toBeGreaterThan(1 << 17);
    // A real pipe, as a shell makes one: `botarmy events … | head -1`.
    const script = 'node "$0" events "$1" | head -1 > /dev/null; echo "exit ${PIPESTATUS[0]}"';
    const child = spawn('bash', ['-c', script, CLI, projectId], { env: { ...process.env, ...source }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise((resolve) => child.on('exit', resolve));
    expect(stderr).toBe('');
    expect(stdout.trim()).toBe('exit 0');
  });

  it('events --type refuses a type that does not exist instead of printing nothing', async () => {
    const known = await runCli(['events', projectId, '--type', 'ProjectCreated'], source);
    expect(known.code).toBe(0);
    expect(known.stdout.trim().split('\n').map((l) => JSON.parse(l).type)).toEqual(['ProjectCreated']);
    const unknown = await runCli(['events', projectId, '--type', 'Nope'], source);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/unknown event type Nope; the types are ProjectCreated, /);
  });

  it('replays a recorded project and reports it identical', async () => {
    const replay = await runCli(['replay', projectId], source);
    expect(replay.stdout).toMatch(/^identical: \d+ events replayed and compared/);
    expect(replay.code).toBe(0);
  });

  it('verify names the first broken link when a row is edited behind the store’s back', async () => {
    expect((await runCli(['verify'], source)).code).toBe(0);
    await sql(join(source.BOTARMY_DATA_DIR, 'botarmy.sqlite'), [
      'DROP TRIGGER events_append_only_update',
      `UPDATE events SET data = replace(data, 'food bank', 'fool bank') WHERE stream_id = '${projectId}' AND stream_version = 1`,
    ]);
    const verify = await runCli(['verify'], source);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(`BROKEN ${projectId} at version 1`);
    expect(verify.stdout).toMatch(/changed after it was written/);
  });
});
