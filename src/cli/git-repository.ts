import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { recordedPathProblem } from '../domain/artifact-rules';
import { PathLayout } from '../domain/path-layout';
import type { GitCommit } from '../history/git-history';

/** A name git takes: no angle brackets or line breaks, not empty. */
const gitName = (name: string): string => name.replace(/[<>\r\n]+/g, ' ').trim() || 'person';
const gitEmail = (name: string): string => `${gitName(name).toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}@botarmy.invalid`;

/**
 * Writes `commits` as a new git repository in `dir` (absent or empty), with the git on this machine: each commit
 * authored and dated as the log says, so the same log gives the same commit hashes. Every path is checked before
 * anything is written; the machine's and the user's git configuration and hooks are left out.
 */
export function writeGitRepository(dir: string, commits: readonly GitCommit[]): { commits: number; tags: string[] } {
  for (const c of commits) {
    for (const path of [...c.writes.map((w) => w.path), ...c.deletes]) {
      // The workspace's rules, which keep out of .git too: an imported log may have been written behind the store's back.
      const problem = recordedPathProblem(path, new PathLayout());
      if (problem) throw new Error(`the log holds a file git cannot hold (${JSON.stringify(path)}): ${problem}`);
    }
  }
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} is not empty: give a new or empty directory`);
  mkdirSync(dir, { recursive: true });
  const git = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    execFileSync('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', '-c', 'core.autocrlf=false', ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  try {
    git(['init', '-q', '-b', 'main']);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(missing ? 'git is not installed on this machine: --git needs it' : `git init failed: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
  }
  const tags: string[] = [];
  for (const c of commits) {
    for (const { path, content } of c.writes) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    for (const path of c.deletes) rmSync(join(dir, path), { force: true });
    git(['add', '-A']);
    const who = { name: gitName(c.author), email: gitEmail(c.author) };
    git(['commit', '-q', '--allow-empty', '-m', c.message], {
      GIT_AUTHOR_NAME: who.name,
      GIT_AUTHOR_EMAIL: who.email,
      GIT_AUTHOR_DATE: c.date,
      GIT_COMMITTER_NAME: who.name,
      GIT_COMMITTER_EMAIL: who.email,
      GIT_COMMITTER_DATE: c.date,
    });
    if (c.tag) {
      git(['tag', c.tag]);
      tags.push(c.tag);
    }
  }
  return { commits: commits.length, tags };
}
