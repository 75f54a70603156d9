import { chooseSandbox } from '../../src/sandbox/choose-sandbox';
import type { Sandbox, SandboxLimits } from '../../src/sandbox/sandbox';
import type { SandboxConfig } from '../../src/server/config';

export const TEST_LIMITS: SandboxLimits = { timeoutMs: 20_000, memoryMb: 128, diskMb: 16, maxProcesses: 32, maxOpenFiles: 128 };

export function sandboxConfig(choice: SandboxConfig['choice']): SandboxConfig {
  return { choice, ...TEST_LIMITS, allowWeakSandboxOffLoopback: false };
}

/** The real bubblewrap sandbox; fails (never skips) where it cannot run: `npm test` installs bubblewrap first. */
export function bubblewrap(): Promise<Sandbox> {
  return chooseSandbox(sandboxConfig('bubblewrap'));
}

export function nodePermission(): Promise<Sandbox> {
  return chooseSandbox(sandboxConfig('node-permission'));
}
