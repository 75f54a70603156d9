import type { Sandbox, SandboxLimits } from './sandbox';
import { summarizeTap, type TapSummary } from './tap-summary';

export interface TestRunResult extends TapSummary {
  command: string[];
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  /** The last 20 kB of stdout and stderr together. */
  output: string;
}

const KEEP_BYTES = 20 * 1024;

/**
 * Node's permission model around generated code, inside whichever sandbox: files readable and writable in the
 * workspace only, no child processes or workers, the V8 heap capped. Test runs and mutation runs share it.
 */
export function nodeFenceArgs(limits: SandboxLimits): string[] {
  return [
    '--experimental-permission',
    '--allow-fs-read=.',
    '--allow-fs-write=.',
    `--max-old-space-size=${limits.memoryMb}`,
    // The sandbox caps address space, and Wasm's trap handler would reserve 10 GB of it: fetch's HTTP parser is Wasm.
    '--disable-wasm-trap-handler',
  ];
}

/**
 * Runs node:test files in the sandbox, in one process the way `node --test` would run them with no isolation.
 * Inside whichever sandbox, Node's permission model adds its own fence: files are readable and writable in
 * the workspace only, and no child processes or workers can be started; the V8 heap is capped.
 */
export async function runNodeTests(sandbox: Sandbox, workspace: string, testFiles: readonly string[], limits: SandboxLimits): Promise<TestRunResult> {
  const loader = `for (const f of ${JSON.stringify(testFiles)}) require(require('node:path').resolve(f));`;
  const command = [
    'node',
    ...nodeFenceArgs(limits),
    '--test-reporter=tap',
    '--no-warnings',
    '-e',
    loader,
  ];
  const run = await sandbox.run(workspace, command, limits, { NODE_ENV: 'test' });
  const summary = summarizeTap(run.output);
  return {
    ...summary,
    // A run that was killed or crashed proved nothing, whatever it printed first.
    failed: run.exitCode === 0 ? summary.failed : Math.max(summary.failed, 1),
    command: [sandbox.status.kind, ...command.slice(0, -1), '<load test files>'],
    exitCode: run.exitCode,
    signal: run.signal,
    timedOut: run.timedOut,
    durationMs: run.durationMs,
    output: Buffer.from(run.output).subarray(-KEEP_BYTES).toString(),
  };
}
