import { spawn } from 'node:child_process';
import { summarizeTap, type TapSummary } from './tap-summary';

export interface SandboxOptions {
  timeoutMs: number;
  memoryMb: number;
}

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
/** Parsing needs the whole TAP stream, but a runaway test must not fill memory. */
const PARSE_LIMIT = 4 * 1024 * 1024;

/**
 * Runs node:test files inside the workspace, contained:
 * - Node's permission model: files are readable and writable in the workspace only, and no child
 *   processes or workers can be started, so a test can neither read secrets nor fork endlessly;
 * - a wall-clock deadline that kills the whole process group;
 * - a V8 heap cap;
 * - an environment with nothing of ours in it (no API keys): PATH, a HOME inside the workspace, TZ and LANG.
 * The files run in one process, the way `node --test` would run them with no isolation.
 */
export function runNodeTests(workspace: string, testFiles: readonly string[], options: SandboxOptions): Promise<TestRunResult> {
  const files = testFiles.map((f) => `${workspace}/${f}`);
  const loader = `for (const f of ${JSON.stringify(files)}) require(f);`;
  const command = [
    process.execPath,
    '--experimental-permission',
    `--allow-fs-read=${workspace}`,
    `--allow-fs-write=${workspace}`,
    `--max-old-space-size=${options.memoryMb}`,
    '--test-reporter=tap',
    '--no-warnings',
    '-e',
    loader,
  ];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), {
      cwd: workspace,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: workspace, TZ: 'UTC', LANG: 'C.UTF-8', NODE_ENV: 'test' },
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > PARSE_LIMIT) output = output.slice(-PARSE_LIMIT);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let timedOut = false;
    const killGroup = () => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    const finish = (exitCode: number | null, signal: string | null, error?: Error) => {
      clearTimeout(timer);
      killGroup();
      if (error) output += `\n${error.message}`;
      if (timedOut) output += `\nBotArmy stopped the run after ${options.timeoutMs} ms.`;
      const summary = summarizeTap(output);
      resolve({
        ...summary,
        // A run that was killed or crashed proved nothing, whatever it printed first.
        failed: exitCode === 0 ? summary.failed : Math.max(summary.failed, 1),
        command: ['node', ...command.slice(1, -1), '<load test files>'],
        exitCode,
        signal,
        timedOut,
        durationMs: Date.now() - started,
        output: Buffer.from(output).subarray(-KEEP_BYTES).toString(),
      });
    };
    child.once('error', (error) => finish(null, null, error));
    child.once('close', (code, signal) => finish(code, signal));
  });
}
