import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Sandbox } from '../../src/sandbox/sandbox';
import { runNodeTests } from '../../src/sandbox/test-runner';
import { bubblewrap, sandboxConfig, TEST_LIMITS } from '../support/sandboxes';
import { tempDir } from '../support/temp-dir';

const HEADER = "const test = require('node:test');\nconst assert = require('node:assert');\n";
const ROOT = join(__dirname, '..', '..');

/** Every process whose command line holds `marker`, by pid. */
function processesWith(marker: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Polls until `check` holds or `attempts` run out; the caller asserts on what it returns. */
async function pollUntil<T>(read: () => T, check: (value: T) => boolean, attempts = 100, intervalMs = 100): Promise<T> {
  let value = read();
  for (let i = 0; i < attempts && !check(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    value = read();
  }
  return value;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('generated code attacking the bubblewrap sandbox', () => {
  const dir = tempDir();
  let sandbox: Sandbox;
  let n = 0;
  beforeAll(async () => {
    sandbox = await bubblewrap();
  });
  afterAll(() => dir.remove());

  /** A fresh workspace holding one node:test file. */
  function workspace(body: string): { path: string; file: string } {
    const path = join(dir.path, `ws${++n}`);
    mkdirSync(join(path, 'test'), { recursive: true });
    writeFileSync(join(path, 'test', 'attack.test.js'), HEADER + body);
    return { path, file: 'test/attack.test.js' };
  }
  const runTests = (body: string, limits = {}) => {
    const ws = workspace(body);
    return runNodeTests(sandbox, ws.path, [ws.file], { ...TEST_LIMITS, ...limits });
  };
  /** Plain node in the sandbox, without the permission model: what the OS layer holds on its own. */
  const runScript = (script: string, limits = {}) => {
    const ws = workspace('');
    return sandbox.run(ws.path, ['node', '-e', script], { ...TEST_LIMITS, ...limits });
  };

  it('is the OS sandbox, and says so', () => {
    expect(sandbox.status).toMatchObject({ kind: 'bubblewrap', contained: true });
    expect(sandbox.status.note).toMatch(/^bubblewrap \d+\.\d+.*no network.*own PID namespace/);
  });

  describe('signals', () => {
    let canary: ChildProcess;
    beforeEach(() => {
      canary = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    });
    afterEach(() => {
      canary.kill('SIGKILL');
    });

    it('a test that SIGKILLs the server, its parent and every process it can see harms none outside', async () => {
      const r = await runTests(
        `test('kills', () => {
          const targets = { server: ${process.pid}, canary: ${canary.pid}, parent: process.ppid };
          for (const [name, pid] of Object.entries(targets)) {
            try { process.kill(pid, 'SIGKILL'); console.log('signal ' + name + ': sent'); }
            catch (e) { console.log('signal ' + name + ': ' + e.code); }
          }
          try { process.kill(-1, 'SIGKILL'); console.log('signal everyone: sent'); } catch (e) { console.log('signal everyone: ' + e.code); }
        });\n`,
      );
      // The server's and the canary's pids do not exist in the sandbox's PID namespace.
      expect(r.output).toMatch(/signal server: ESRCH/);
      expect(r.output).toMatch(/signal canary: ESRCH/);
      expect(isAlive(canary.pid!)).toBe(true);
      expect(canary.exitCode).toBeNull();
      // Killing its own parent ends the run, which is still reported, as failed.
      expect(r.failed).toBeGreaterThanOrEqual(1);
    });
  });

  describe('network', () => {
    let server: Server;
    let port: number;
    let connections = 0;
    beforeAll(async () => {
      server = createServer((_req, res) => res.end('secret answer'));
      server.on('connection', () => connections++);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("a test that calls the server's API on 127.0.0.1 (fetch and a raw socket) reaches nothing", async () => {
      const r = await runTests(
        `test('fetches', async () => {
          try { const res = await fetch('http://127.0.0.1:${port}/graphql'); console.log('got ' + await res.text()); }
          catch (e) { console.log('fetch: ' + e.cause?.code); throw e; }
        });
        test('connects', () => new Promise((resolve, reject) => {
          const s = require('node:net').connect(${port}, '127.0.0.1', () => { s.end(); resolve(); });
          s.on('error', (e) => { console.log('connect: ' + e.code); reject(e); });
        }));\n`,
      );
      expect(r.tests).toEqual([
        { name: 'fetches', ok: false },
        { name: 'connects', ok: false },
      ]);
      // Refused by the sandbox's own empty loopback, not by anything else going wrong first.
      expect(r.output).toMatch(/fetch: ECONNREFUSED/);
      expect(r.output).toMatch(/connect: ECONNREFUSED/);
      expect(r.output).not.toContain('secret answer');
      expect(connections).toBe(0);
    });

    it('has a working loopback of its own, so generated servers can still be tested', async () => {
      const r = await runTests(
        `test('own server', async () => {
          const server = require('node:http').createServer((q, s) => s.end('inside'));
          await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
          const res = await fetch('http://127.0.0.1:' + server.address().port);
          assert.strictEqual(await res.text(), 'inside');
          server.closeAllConnections();
          server.close();
        });\n`,
      );
      expect(r).toMatchObject({ passed: 1, failed: 0 });
    });
  });

  it('a test that allocates 4.5 GB in Buffers (outside the V8 heap) fails and the run is reported failed', async () => {
    const r = await runTests(
      "test('allocates', () => { const kept = []; for (let i = 0; i < 45; i++) kept.push(Buffer.alloc(100 * 1024 * 1024, 1)); console.log('allocated ' + kept.length * 100 + ' MB'); });\n",
    );
    expect(r.tests).toEqual([{ name: 'allocates', ok: false }]);
    expect(r.failed).toBeGreaterThanOrEqual(1);
    expect(r.timedOut).toBe(false);
    expect(r.output).toMatch(/allocation failed/i);
    expect(r.output).not.toMatch(/allocated 4500 MB/);
  });

  it('a test that writes more than the disk quota gets ENOSPC, and nothing reaches the real workspace', async () => {
    const ws = workspace(
      `test('fills the disk', () => {
        const chunk = Buffer.alloc(1024 * 1024, 1);
        for (let i = 0; i < 1024; i++) require('node:fs').writeFileSync('fill-' + i + '.bin', chunk);
      });\n`,
    );
    const r = await runNodeTests(sandbox, ws.path, [ws.file], { ...TEST_LIMITS, diskMb: 8 });
    expect(r.tests).toEqual([{ name: 'fills the disk', ok: false }]);
    expect(r.output).toMatch(/ENOSPC/);
    expect(readdirSync(ws.path)).toEqual(['test']);
  });

  it('a fork bomb is bounded by the process limit (plain node, no permission model to stop it first)', async () => {
    const r = await runScript(
      `const { spawn } = require('node:child_process');
      let started = 0, refused = 0;
      for (let i = 0; i < 300; i++) {
        try { const c = spawn('sleep', ['30']); c.on('error', () => refused++); started++; } catch { refused++; }
      }
      setTimeout(() => { console.log(JSON.stringify({ started, refused })); process.exit(0); }, 500);`,
      { maxProcesses: 24 },
    );
    const counts = JSON.parse(/\{"started".*\}/.exec(r.output)?.[0] ?? 'null') as { started: number; refused: number } | null;
    expect(counts).not.toBeNull();
    // Node's own threads count against the limit too, so fewer than 24 sleeps ever run.
    expect(counts!.started - counts!.refused).toBeLessThan(24);
    expect(counts!.refused).toBeGreaterThan(276);
  });

  it('a test that ignores SIGTERM and spins is killed at the deadline with everything it started', async () => {
    const marker = `botarmy-spin-${randomUUID()}`;
    const r = await runScript(`/* ${marker} */ process.on('SIGTERM', () => {}); for (;;) {}`, { timeoutMs: 1500 });
    expect(r.timedOut).toBe(true);
    expect(r.output).toMatch(/stopped the run after 1500 ms/);
    expect(await pollUntil(() => processesWith(marker), (pids) => pids.length === 0)).toEqual([]);
  });

  it('cannot outlive a server that crashes: SIGKILL the process that started it and the sandbox goes too', async () => {
    const marker = `botarmy-orphan-${randomUUID()}`;
    const ws = workspace('');
    const script = join(dir.path, 'crashing-server.js');
    writeFileSync(
      script,
      `require(${JSON.stringify(join(ROOT, 'test', 'support', 'register-ts.js'))});
      const { chooseSandbox } = require(${JSON.stringify(join(ROOT, 'src', 'sandbox', 'choose-sandbox.ts'))});
      chooseSandbox(${JSON.stringify(sandboxConfig('bubblewrap'))}).then((sandbox) =>
        sandbox.run(${JSON.stringify(ws.path)}, ['node', '-e', ${JSON.stringify(`/* ${marker} */ setInterval(() => {}, 1000)`)}], ${JSON.stringify({ ...TEST_LIMITS, timeoutMs: 600_000 })}))
        .then((result) => console.log('sandbox ended early', result));`,
    );
    const server = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let said = '';
    server.stdout.on('data', (d) => (said += d));
    server.stderr.on('data', (d) => (said += d));
    try {
      const running = await pollUntil(() => processesWith(marker), (pids) => pids.length > 0, 200);
      // What the crashing server printed, when the sandbox never started.
      expect(running.length > 0 ? 'sandbox running' : said).toBe('sandbox running');
      server.kill('SIGKILL');
      expect(await pollUntil(() => processesWith(marker), (pids) => pids.length === 0)).toEqual([]);
    } finally {
      server.kill('SIGKILL');
    }
  });

  it('sees no secrets: not the data dir, /root, /work, /etc or our environment', async () => {
    const dataDir = join(dir.path, 'data');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'botarmy.sqlite'), 'the whole event log');
    process.env.LLM_API_KEY = 'sk-should-not-leak';
    try {
      const r = await runScript(
        `const fs = require('node:fs');
        const seen = {};
        for (const path of [${JSON.stringify(join(dataDir, 'botarmy.sqlite'))}, ${JSON.stringify(dir.path)}, '/root', '/work', '/etc', '/home', '/tmp']) seen[path] = fs.existsSync(path);
        const environments = fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p)).map((p) => { try { return fs.readFileSync('/proc/' + p + '/environ', 'utf8'); } catch { return ''; } });
        console.log(JSON.stringify({ seen, env: process.env, keyInAnyProcess: environments.some((e) => e.includes('sk-should-not-leak')) }));`,
      );
      const report = JSON.parse(/\{"seen".*\}/.exec(r.output)?.[0] ?? 'null') as {
        seen: Record<string, boolean>;
        env: Record<string, string>;
        keyInAnyProcess: boolean;
      } | null;
      expect(report).not.toBeNull();
      expect(Object.values(report!.seen)).toEqual(Array(7).fill(false));
      expect(Object.keys(report!.env).sort()).toEqual(['HOME', 'LANG', 'PATH', 'TZ']);
      expect(report!.keyInAnyProcess).toBe(false);
      expect(r.output).not.toContain('the whole event log');
    } finally {
      delete process.env.LLM_API_KEY;
    }
  });

  it('runs as an unprivileged user with no capabilities and a read-only system', async () => {
    const r = await runScript(
      `const fs = require('node:fs');
      const caps = fs.readFileSync('/proc/self/status', 'utf8').split('\\n').filter((l) => /^Cap(Prm|Eff|Bnd)/.test(l)).map((l) => l.split(/\\s+/)[1]);
      const writable = ['/usr/x', '/x', '/dev/shm/x'].filter((p) => { try { fs.writeFileSync(p, 'x'); return true; } catch { return false; } });
      console.log(JSON.stringify({ uid: process.getuid(), caps, writable }));`,
    );
    const report = JSON.parse(/\{"uid".*\}/.exec(r.output)?.[0] ?? 'null') as { uid: number; caps: string[]; writable: string[] } | null;
    expect(report).not.toBeNull();
    expect(report!.uid).not.toBe(0);
    expect(report!.caps).toEqual(['0000000000000000', '0000000000000000', '0000000000000000']);
    expect(report!.writable).toEqual([]);
  });
});
