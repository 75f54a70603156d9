/**
 * The one way generated code runs. An adapter shows the command a copy of the workspace as its working
 * directory, with nothing of ours in its environment, and reports how it ended; how well it contains the
 * command is the adapter's `status`.
 */
export interface Sandbox {
  readonly status: SandboxStatus;
  /**
   * Runs `command` (`node` is found on the sandbox's PATH) with the workspace as its working directory.
   * `env` adds to the bare environment every run gets (PATH, HOME, TZ, LANG).
   */
  run(workspace: string, command: readonly string[], limits: SandboxLimits, env?: Readonly<Record<string, string>>): Promise<SandboxRunResult>;
}

export type SandboxKind = 'bubblewrap' | 'node-permission';

export interface SandboxStatus {
  kind: SandboxKind;
  /** True when the operating system, not only Node, holds the code in: no network, no signals out, rlimits. */
  contained: boolean;
  /** One sentence for people: what contains the code, or why nothing better does. */
  note: string;
}

export interface SandboxLimits {
  timeoutMs: number;
  memoryMb: number;
  /** What a run may write, all files together. */
  diskMb: number;
  maxProcesses: number;
  maxOpenFiles: number;
}

export interface SandboxRunResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  /** stdout and stderr together, the last 4 MB at most, with BotArmy's own notes (deadline, failure to start) at the end. */
  output: string;
}
