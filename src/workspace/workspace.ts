import { streamIdProblem } from '../domain/stream-id';
import { lstat, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/**
 * A project's files on disk, under `<data>/workspaces/<projectId>/`. The log holds every version; the
 * workspace is only ever a materialisation of the latest ones, so it can be wiped and written again.
 */
export class Workspaces {
  constructor(readonly root: string) {}

  pathOf(projectId: string): string {
    const problem = streamIdProblem(projectId);
    if (problem) throw new Error(`not a project id: ${problem}`);
    return join(this.root, projectId);
  }

  /**
   * Why a relative path would leave the workspace through a symlink on disk (tests run in the workspace and
   * may create links), or null when it is safe to write.
   */
  async symlinkProblem(projectId: string, relativePath: string): Promise<string | null> {
    const base = this.pathOf(projectId);
    const target = resolve(base, relativePath);
    if (!target.startsWith(base + sep)) return 'the path leaves the workspace';
    const parts = relativePath.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const stat = await lstat(join(base, ...parts.slice(0, i))).catch(() => null);
      if (!stat) return null;
      if (stat.isSymbolicLink()) return `the path goes through a symlink (${parts.slice(0, i).join('/')})`;
    }
    return null;
  }

  /** Replaces the workspace with exactly these files. Links a test run left behind go with the rest. */
  async materialize(projectId: string, files: readonly { path: string; content: string }[]): Promise<string> {
    const base = this.pathOf(projectId);
    await rm(base, { recursive: true, force: true });
    await mkdir(base, { recursive: true });
    for (const file of files) {
      const target = resolve(base, file.path);
      if (!target.startsWith(base + sep)) throw new WorkspaceWriteError(`${file.path} cannot be written: it leads outside the workspace`);
      try {
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, file.content, { flag: 'wx' });
      } catch (error) {
        throw new WorkspaceWriteError(`${file.path} cannot be written: ${why(error as NodeJS.ErrnoException, base)}`);
      }
    }
    return base;
  }
}

/** A set of files the disk cannot hold as given; the message speaks of the project's paths, not the server's. */
export class WorkspaceWriteError extends Error {
  override readonly name = 'WorkspaceWriteError';
}

function why(error: NodeJS.ErrnoException, base: string): string {
  switch (error.code) {
    case 'EEXIST':
    case 'ENOTDIR':
    case 'EISDIR':
      return 'another file uses the same path as a folder, or a folder as a file';
    case 'ENAMETOOLONG':
      return 'its name is longer than the file system allows';
    default:
      return error.message.replaceAll(base, '<workspace>');
  }
}
