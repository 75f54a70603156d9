import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseSandbox, SandboxUnavailableError } from '../../src/sandbox/choose-sandbox';
import { sandboxConfig } from '../support/sandboxes';
import { tempDir } from '../support/temp-dir';

describe('chooseSandbox', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  /** A bwrap that answers --version but, like one in a container without namespaces, cannot start a sandbox. */
  function brokenBwrap(): string {
    const file = join(dir.path, 'bwrap');
    writeFileSync(file, '#!/bin/sh\n[ "$1" = --version ] && { echo "bubblewrap 0.8.0"; exit 0; }\necho "bwrap: No permissions to create new namespace" >&2\nexit 1\n');
    chmodSync(dir.path, 0o755);
    chmodSync(file, 0o755);
    return file;
  }

  it('auto takes bubblewrap where it really runs', async () => {
    const sandbox = await chooseSandbox(sandboxConfig('auto'));
    expect(sandbox.status).toMatchObject({ kind: 'bubblewrap', contained: true });
  });

  it('removes the workspace copies a crashed server left behind, and only those', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const abandoned = join(tmpdir(), `botarmy-sandbox-${gone}-test`);
    const inUse = join(tmpdir(), `botarmy-sandbox-${process.pid}-test`);
    mkdirSync(join(abandoned, 'src'), { recursive: true });
    mkdirSync(inUse, { recursive: true });
    try {
      await chooseSandbox(sandboxConfig('auto'));
      expect(existsSync(abandoned)).toBe(false);
      expect(existsSync(inUse)).toBe(true);
    } finally {
      rmSync(abandoned, { recursive: true, force: true });
      rmSync(inUse, { recursive: true, force: true });
    }
  });

  it('auto falls back to the permission model when bwrap is missing, and says so', async () => {
    const sandbox = await chooseSandbox(sandboxConfig('auto'), { bwrapPath: join(dir.path, 'no-such-bwrap') });
    expect(sandbox.status.kind).toBe('node-permission');
    expect(sandbox.status.contained).toBe(false);
    expect(sandbox.status.note).toMatch(/bubblewrap not found .*install Debian's bubblewrap/);
    expect(sandbox.status.note).toMatch(/cannot stop network access/);
  });

  it('auto falls back when bwrap exists but cannot create a sandbox, with what it said', async () => {
    const sandbox = await chooseSandbox(sandboxConfig('auto'), { bwrapPath: brokenBwrap() });
    expect(sandbox.status.kind).toBe('node-permission');
    expect(sandbox.status.note).toMatch(/could not start a sandbox here \(bwrap: No permissions to create new namespace\)/);
  });

  it('an explicit bubblewrap that does not work stops the start with a clear error', async () => {
    const choosing = chooseSandbox(sandboxConfig('bubblewrap'), { bwrapPath: join(dir.path, 'no-such-bwrap') });
    await expect(choosing).rejects.toThrow(SandboxUnavailableError);
    await expect(chooseSandbox(sandboxConfig('bubblewrap'), { bwrapPath: brokenBwrap() })).rejects.toThrow(/BOTARMY_SANDBOX=bubblewrap, but .*could not start a sandbox/);
  });

  it('node-permission is taken when asked for, without probing bwrap', async () => {
    const sandbox = await chooseSandbox(sandboxConfig('node-permission'), { bwrapPath: brokenBwrap() });
    expect(sandbox.status).toMatchObject({ kind: 'node-permission', contained: false });
    expect(sandbox.status.note).toMatch(/BOTARMY_SANDBOX=node-permission/);
  });
});
