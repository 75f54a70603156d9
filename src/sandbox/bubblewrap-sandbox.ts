import { randomInt } from 'node:crypto';
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, mkdtemp, readdir, readlink, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from './run-process';
import type { Sandbox, SandboxLimits, SandboxRunResult, SandboxStatus } from './sandbox';

/** Where the sandbox sees things; nothing else of the host is there. */
const INSIDE = { workspace: '/workspace', source: '/source', nodeDir: '/opt/botarmy/bin' };
const PATH_INSIDE = `${INSIDE.nodeDir}:/usr/bin:/bin`;

/**
 * Node 20 reserves about 1 GB of address space before it runs any code (V8's code range, thread stacks) and
 * does not start below it; the V8 heap cap and as much again for Buffers come on top.
 */
const NODE_BASE_ADDRESS_SPACE_MB = 1024;

/** The inner deadline backs up the server's: it holds when the server is gone or stalled. */
const INNER_DEADLINE_GRACE_S = 2;

/**
 * A fresh uid per run, far above any real account: RLIMIT_NPROC counts every process of a uid, so a shared
 * one would let concurrent runs (and Node's own threads) eat each other's budget.
 */
const RUN_UID_RANGE = [1_000_000_000, 2_000_000_000] as const;

const STAGING_PREFIX = 'botarmy-sandbox-';
const STAGING_NAME = /^botarmy-sandbox-(\d+)-/;

/**
 * Starts the lifeline watcher, copies the workspace into the quota'd tmpfs, then runs the rest. stdin is the
 * lifeline: a pipe whose other end only the server holds, so it reaches end of file when the server dies,
 * and the watcher then kills everything in the sandbox. --die-with-parent alone leaves a gap: a server that
 * dies while bwrap is still setting up leaves a sandbox nobody will kill.
 */
const ENTER = [
  'exec 3<&0 </dev/null',
  '{ cat <&3 >/dev/null; kill -KILL -1 2>/dev/null; } &',
  'exec 3<&-',
  `cp -a ${INSIDE.source}/. ${INSIDE.workspace}/ && exec "$@"`,
].join('\n');

/**
 * Linux adapter on bubblewrap. Each run gets its own user, PID, network (loopback only), IPC and UTS
 * namespaces and a new session, and dies with the server. It sees /usr and the node binary read-only and
 * a size-limited tmpfs holding a copy of the workspace; nothing of the data dir, /root, /work, /etc or $HOME.
 * rlimits cap address space, file size, open files and processes; `timeout` kills it inside at the deadline.
 * When the server runs as root, bubblewrap itself runs as a fresh unprivileged uid, so the sandbox is
 * nobody's root and owns no file on the host.
 */
export class BubblewrapSandbox implements Sandbox {
  readonly status: SandboxStatus;
  private readonly systemMounts: string[];
  private readonly nodeBinary: string;

  constructor(
    private readonly bwrap: string,
    version: string,
    defaults: SandboxLimits,
  ) {
    this.status = {
      kind: 'bubblewrap',
      contained: true,
      note: `bubblewrap ${version}: no network, own PID namespace, unprivileged uid, rlimits, ${defaults.diskMb} MB workspace quota`,
    };
    this.systemMounts = systemMounts();
    this.nodeBinary = realpathSync(process.execPath);
  }

  async run(workspace: string, command: readonly string[], limits: SandboxLimits, env: Readonly<Record<string, string>> = {}): Promise<SandboxRunResult> {
    const started = Date.now();
    let staging: string;
    try {
      staging = await stage(workspace);
    } catch (error) {
      const output = `BotArmy could not copy the workspace for the sandbox: ${(error as Error).message}`;
      return { exitCode: null, signal: null, timedOut: false, durationMs: Date.now() - started, output };
    }
    try {
      const dropToRunUser =
        process.getuid?.() === 0
          ? ['setpriv', ...runUser(randomInt(...RUN_UID_RANGE)), '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--', this.bwrap]
          : [this.bwrap];
      return await runProcess({
        file: dropToRunUser[0],
        args: [...dropToRunUser.slice(1), ...this.bwrapArgs(staging, limits), ...this.inside(command, limits, env)],
        cwd: '/',
        env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
        lifeline: true,
        timeoutMs: limits.timeoutMs,
      });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  private bwrapArgs(staging: string, limits: SandboxLimits): string[] {
    return [
      '--unshare-all',
      '--unshare-user',
      '--disable-userns',
      '--die-with-parent',
      '--new-session',
      '--cap-drop',
      'ALL',
      '--hostname',
      'sandbox',
      ...this.systemMounts,
      '--ro-bind',
      this.nodeBinary,
      `${INSIDE.nodeDir}/node`,
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      '--ro-bind',
      staging,
      INSIDE.source,
      '--size',
      String(limits.diskMb * 1024 * 1024),
      '--tmpfs',
      INSIDE.workspace,
      // Only the workspace is writable: the root and /dev are tmpfs without a quota.
      '--remount-ro',
      '/dev',
      '--remount-ro',
      '/',
      '--chdir',
      INSIDE.workspace,
      '--clearenv',
      '--setenv',
      'PATH',
      PATH_INSIDE,
      '--',
    ];
  }

  private inside(command: readonly string[], limits: SandboxLimits, env: Readonly<Record<string, string>>): string[] {
    const mb = 1024 * 1024;
    const variables = { PATH: PATH_INSIDE, HOME: INSIDE.workspace, TZ: 'UTC', LANG: 'C.UTF-8', ...env };
    return [
      '/bin/sh',
      '-c',
      ENTER,
      'sh',
      'prlimit',
      `--as=${(NODE_BASE_ADDRESS_SPACE_MB + 2 * limits.memoryMb) * mb}`,
      `--fsize=${limits.diskMb * mb}`,
      `--nofile=${limits.maxOpenFiles}`,
      `--nproc=${limits.maxProcesses}`,
      '--',
      'timeout',
      '-s',
      'KILL',
      `${Math.ceil(limits.timeoutMs / 1000) + INNER_DEADLINE_GRACE_S}s`,
      // The shell adds PWD; the command gets exactly these variables.
      'env',
      '-i',
      ...Object.entries(variables).map(([k, v]) => `${k}=${v}`),
      ...command,
    ];
  }
}

function runUser(uid: number): string[] {
  return [`--reuid=${uid}`, `--regid=${uid}`];
}

/** /usr read-only, and /bin, /lib… as the host has them: symlinks into /usr on merged-/usr systems, directories elsewhere. */
function systemMounts(): string[] {
  const mounts = ['--ro-bind', '/usr', '/usr'];
  for (const path of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (stat?.isSymbolicLink()) mounts.push('--symlink', readlinkSync(path), path);
    else if (stat?.isDirectory()) mounts.push('--ro-bind', path, path);
  }
  return mounts;
}

/** bwrap runs as a uid that has no way into the data dir, so it gets a world-readable copy of the workspace. */
async function stage(workspace: string): Promise<string> {
  const staging = await mkdtemp(join(tmpdir(), `${STAGING_PREFIX}${process.pid}-`));
  try {
    await copyReadableByAll(workspace, staging);
    await chmod(staging, 0o755);
    return staging;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Copies that a server which died mid-run left behind: named after its pid, which is gone. */
export async function removeAbandonedCopies(): Promise<void> {
  for (const name of await readdir(tmpdir())) {
    const pid = STAGING_NAME.exec(name)?.[1];
    if (pid !== undefined && !isRunning(Number(pid))) await rm(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Copies a folder's entries into another, each readable by all as it is made: executable bits kept, set-id bits
 * dropped, symlinks copied as they are (never followed out of the workspace). One pass with one stat per entry:
 * `fs.cp` and a chmod walk after it took about ninety file operations for a workspace of eight files, on every test
 * run, each a round trip through the server's thread pool.
 */
async function copyReadableByAll(from: string, to: string): Promise<void> {
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isSymbolicLink()) {
      await symlink(await readlink(source), target);
    } else if (entry.isDirectory()) {
      await mkdir(target);
      await chmod(target, ((await lstat(source)).mode & 0o777) | 0o555);
      await copyReadableByAll(source, target);
    } else if (entry.isFile()) {
      await copyFile(source, target);
      await chmod(target, ((await lstat(source)).mode & 0o777) | 0o444);
    } else {
      throw new Error(`${source} is not a file, a folder or a link`);
    }
  }
}
