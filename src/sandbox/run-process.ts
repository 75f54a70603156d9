import { spawn } from 'node:child_process';
import type { SandboxRunResult } from './sandbox';

export interface ProcessSpec {
  file: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
  /** Give the child a stdin pipe that nobody writes to: it ends when this process does, however it dies. */
  lifeline?: boolean;
  timeoutMs: number;
}

/** Parsing needs the whole TAP stream, but a runaway run must not fill the server's memory. */
const OUTPUT_LIMIT = 4 * 1024 * 1024;

/**
 * Generated code runs below the server's priority. A hundred projects' test runs at once left the server a small
 * share of two cores: its appends queued for seconds, its own spawns waited tens of milliseconds for their child to
 * be scheduled, and projects whose model had answered could not go on. The runs still get every cycle the server
 * leaves; the process that records their results and answers people comes first.
 */
const NICENESS = 10;

/**
 * Runs one process in its own process group and kills the whole group at the deadline and again when it
 * ends, so nothing it started lingers. Never rejects: a process that cannot start is a failed run.
 */
export function runProcess(spec: ProcessSpec): Promise<SandboxRunResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('nice', ['-n', String(NICENESS), spec.file, ...spec.args], {
      cwd: spec.cwd,
      detached: true,
      stdio: [spec.lifeline ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      env: spec.env,
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    let timedOut = false;
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, spec.timeoutMs);
    let finished = false;
    const finish = (exitCode: number | null, signal: string | null, error?: Error) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      killGroup();
      if (error) output += `\nBotArmy could not start ${spec.file}: ${error.message}`;
      if (timedOut) output += `\nBotArmy stopped the run after ${spec.timeoutMs} ms.`;
      resolve({ exitCode, signal, timedOut, durationMs: Date.now() - started, output });
    };
    child.once('error', (error) => finish(null, null, error));
    child.once('close', (code, signal) => finish(code, signal));
  });
}
