import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SandboxConfig } from '../server/config';
import { BubblewrapSandbox, removeAbandonedCopies } from './bubblewrap-sandbox';
import { NodePermissionSandbox } from './node-permission-sandbox';
import type { Sandbox, SandboxLimits } from './sandbox';

export class SandboxUnavailableError extends Error {
  override readonly name = 'SandboxUnavailableError';
}

export interface ChooseSandboxOptions {
  /** Where bwrap is; found on PATH when not given. */
  bwrapPath?: string;
}

const PROBE_OUTPUT = 'botarmy sandbox probe';

/**
 * Picks the sandbox once, at start. A bwrap binary is not proof: containers often forbid the namespaces it
 * needs, so bubblewrap is only taken after it really ran node. `auto` falls back to Node's permission model
 * and says why; an explicit `bubblewrap` that does not work stops the server.
 */
export async function chooseSandbox(config: SandboxConfig, options: ChooseSandboxOptions = {}): Promise<Sandbox> {
  if (config.choice === 'node-permission') return new NodePermissionSandbox('BOTARMY_SANDBOX=node-permission chose it');
  const found = await tryBubblewrap(config, options.bwrapPath ?? findOnPath('bwrap'));
  if (found instanceof BubblewrapSandbox) return found;
  if (config.choice === 'bubblewrap') {
    throw new SandboxUnavailableError(`BOTARMY_SANDBOX=bubblewrap, but ${found}. Install Debian's bubblewrap, or set BOTARMY_SANDBOX=auto to fall back to Node's permission model.`);
  }
  return new NodePermissionSandbox(`${found}, so BotArmy falls back`);
}

export function limitsOf(config: SandboxConfig): SandboxLimits {
  const { timeoutMs, memoryMb, diskMb, maxProcesses, maxOpenFiles } = config;
  return { timeoutMs, memoryMb, diskMb, maxProcesses, maxOpenFiles };
}

/** A working bubblewrap sandbox, or why there is none. */
async function tryBubblewrap(config: SandboxConfig, bwrap: string | undefined): Promise<BubblewrapSandbox | string> {
  if (!bwrap || !isExecutable(bwrap)) return `bubblewrap not found${bwrap ? ` at ${bwrap}` : ''} (install Debian's bubblewrap)`;
  let version: string;
  try {
    version = (await promisify(execFile)(bwrap, ['--version'])).stdout.trim().replace(/^bubblewrap\s+/, '');
  } catch (error) {
    return `${bwrap} --version failed (${(error as Error).message})`;
  }
  await removeAbandonedCopies();
  const sandbox = new BubblewrapSandbox(bwrap, version, limitsOf(config));
  const empty = await mkdtemp(join(tmpdir(), 'botarmy-probe-'));
  try {
    const probe = await sandbox.run(empty, ['node', '-e', `process.stdout.write(${JSON.stringify(PROBE_OUTPUT)})`], {
      ...limitsOf(config),
      timeoutMs: 15_000,
    });
    if (probe.exitCode === 0 && probe.output === PROBE_OUTPUT) return sandbox;
    const said = probe.output.trim().split('\n').pop() || `exit code ${probe.exitCode}, signal ${probe.signal}`;
    return `bubblewrap ${version} at ${bwrap} could not start a sandbox here (${said})`;
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
}

function findOnPath(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/bin', '/bin'];
  return dirs.map((dir) => join(dir, name)).find(isExecutable);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
