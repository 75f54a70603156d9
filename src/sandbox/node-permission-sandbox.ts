import { dirname } from 'node:path';
import { runProcess } from './run-process';
import type { Sandbox, SandboxLimits, SandboxRunResult, SandboxStatus } from './sandbox';

/**
 * The fallback: the command runs as this server's user, on this machine's network, in the real workspace.
 * Only what the caller asks of Node's permission model, the deadline and a bare environment hold it, so a
 * test can still open sockets, signal the server and allocate memory outside the V8 heap.
 */
export class NodePermissionSandbox implements Sandbox {
  readonly status: SandboxStatus;

  constructor(reason: string) {
    this.status = {
      kind: 'node-permission',
      contained: false,
      note: `${reason}; generated code runs under Node's permission model only, which cannot stop network access, signals to other processes or memory outside the V8 heap`,
    };
  }

  run(workspace: string, command: readonly string[], limits: SandboxLimits, env: Readonly<Record<string, string>> = {}): Promise<SandboxRunResult> {
    return runProcess({
      file: command[0],
      args: command.slice(1),
      cwd: workspace,
      // The server's own node comes first, so `node` means the same binary under either sandbox.
      env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: workspace, TZ: 'UTC', LANG: 'C.UTF-8', ...env },
      timeoutMs: limits.timeoutMs,
    });
  }
}
