import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox } from '../../src/sandbox/sandbox';
import { runNodeTests } from '../../src/sandbox/test-runner';
import { bubblewrap, nodePermission, TEST_LIMITS } from '../support/sandboxes';
import { tempDir } from '../support/temp-dir';

const HEADER = "const test = require('node:test');\nconst assert = require('node:assert');\n";

describe.each([
  ['bubblewrap', bubblewrap],
  ['node-permission', nodePermission],
])('tests run in the %s sandbox', (kind, make) => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await make();
  });
  const dir = tempDir();
  const outside = tempDir();
  afterAll(() => {
    dir.remove();
    outside.remove();
  });
  let n = 0;

  /** A fresh workspace holding one test file. */
  function workspace(body: string): { path: string; file: string } {
    const path = join(dir.path, `ws${++n}`);
    mkdirSync(join(path, 'test'), { recursive: true });
    writeFileSync(join(path, 'test', 'x.test.js'), HEADER + body);
    return { path, file: 'test/x.test.js' };
  }
  const run = (body: string, timeoutMs = 10000) => {
    const ws = workspace(body);
    return runNodeTests(sandbox, ws.path, [ws.file], { ...TEST_LIMITS, timeoutMs });
  };

  it('records which sandbox ran the tests', async () => {
    const r = await run("test('S1.AC1 runs', () => {});\n");
    expect(r.command[0]).toBe(kind);
    expect(sandbox.status.kind).toBe(kind);
  });

  it('runs passing tests and reports their counts and names', async () => {
    const r = await run("test('S1.AC1 adds', () => assert.strictEqual(1 + 1, 2));\ntest('S1.AC2 skips', { skip: true }, () => {});\n");
    expect(r).toMatchObject({ exitCode: 0, passed: 1, failed: 0, skipped: 1, timedOut: false });
    expect(r.tests).toContainEqual({ name: 'S1.AC1 adds', ok: true });
    expect(r.output).toMatch(/# pass 1/);
  });

  it('reports a failing test as a failed run', async () => {
    const r = await run("test('S2.AC1 breaks', () => assert.strictEqual(1, 2));\n");
    expect(r.exitCode).not.toBe(0);
    expect(r).toMatchObject({ passed: 0, failed: 1 });
    expect(r.tests).toEqual([{ name: 'S2.AC1 breaks', ok: false }]);
  });

  it('kills a test that hangs at the deadline: a failed run, not a stuck one', async () => {
    const r = await run("test('hangs', () => new Promise(() => setInterval(() => {}, 1000)));\n", 1500);
    expect(r.timedOut).toBe(true);
    expect(r.failed).toBeGreaterThanOrEqual(1);
    expect(r.output).toMatch(/stopped the run after 1500 ms/);
  });

  it('refuses to start child processes, so a test cannot fork endlessly', async () => {
    const r = await run("test('forks', () => { const { spawn } = require('node:child_process'); for (;;) spawn(process.execPath, ['-e', '']); });\n");
    expect(r).toMatchObject({ passed: 0, failed: 1 });
    expect(r.output).toMatch(/ERR_ACCESS_DENIED/);
  });

  it('refuses to read or write outside the workspace', async () => {
    writeFileSync(join(outside.path, 'secret.txt'), 'top secret');
    const secret = join(outside.path, 'secret.txt');
    const r = await run(
      `test('reads outside', () => require('node:fs').readFileSync(${JSON.stringify(secret)}, 'utf8'));\n` +
        `test('writes outside', () => require('node:fs').writeFileSync(${JSON.stringify(join(outside.path, 'x'))}, 'x'));\n` +
        "test('writes inside', () => require('node:fs').writeFileSync(require('node:path').join(process.cwd(), 'out.txt'), 'ok'));\n",
    );
    expect(r.tests).toEqual([
      { name: 'reads outside', ok: false },
      { name: 'writes outside', ok: false },
      { name: 'writes inside', ok: true },
    ]);
    expect(r.output).not.toContain('top secret');
  });

  it('gives the tests no secrets from our environment', async () => {
    process.env.LLM_API_KEY = 'sk-should-not-leak';
    try {
      const r = await run("test('env', () => { assert.strictEqual(process.env.LLM_API_KEY, undefined); assert.deepStrictEqual(Object.keys(process.env).sort(), ['HOME', 'LANG', 'NODE_ENV', 'PATH', 'TZ']); });\n");
      expect(r).toMatchObject({ passed: 1, failed: 0 });
    } finally {
      delete process.env.LLM_API_KEY;
    }
  });

  it("runs the tests below the server's priority, so many runs at once leave it the CPU it needs", async () => {
    const r = await run("test('niced', () => assert.ok(require('node:os').getPriority() >= 10));\n");
    expect(r).toMatchObject({ passed: 1, failed: 0 });
  });

  it('shows the tests the workspace as it is: nested folders, and links as links, not followed', async () => {
    const ws = workspace("test('sees it', () => {\n" +
      "  assert.strictEqual(require('../lib/deep/value.js'), 42);\n" +
      `  assert.strictEqual(require('node:fs').readlinkSync('escape'), ${JSON.stringify(outside.path)});\n` +
      '});\n');
    mkdirSync(join(ws.path, 'lib', 'deep'), { recursive: true });
    writeFileSync(join(ws.path, 'lib', 'deep', 'value.js'), 'module.exports = 42;\n');
    symlinkSync(outside.path, join(ws.path, 'escape'));
    const r = await runNodeTests(sandbox, ws.path, [ws.file], TEST_LIMITS);
    expect(r).toMatchObject({ passed: 1, failed: 0 });
  });

  it('caps memory: a test that allocates without end fails instead of taking the machine', async () => {
    const r = await run("test('eats memory', () => { const a = []; for (;;) a.push(new Array(1e6).fill(1)); });\n", 30000);
    expect(r.exitCode).not.toBe(0);
    expect(r.timedOut).toBe(false);
    expect(r.failed).toBeGreaterThanOrEqual(1);
  });
});
