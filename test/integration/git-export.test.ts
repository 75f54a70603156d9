import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeGitRepository } from '../../src/cli/git-repository';
import type { StoredEvent } from '../../src/events/envelope';
import { gitHistoryOf } from '../../src/history/git-history';
import { PROOF_OFF, startTestApp, type TestApp } from '../support/test-app';
import { tempDir } from '../support/temp-dir';
import { eventsOfType, waitForEvent } from '../support/wait-for-event';

const ROUND_MS = 120_000;

describe('a project written as a git repository', () => {
  let t: TestApp;
  const dir = tempDir();
  let events: StoredEvent[];
  let round1: number;
  beforeAll(async () => {
    t = await startTestApp(PROOF_OFF);
    await t.app.startWorkflow();
    const id = t.app.services.commands.newId();
    const ended = (after: number) => waitForEvent(t.app, id, (e) => e.streamVersion > after && e.type === 'ProjectCompleted', ROUND_MS);
    await t.app.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: 'Seeds', requirements: 'A seed swap: gardeners add seeds with a name and a sowing month, and other gardeners list seeds and find one by id.' }, { actor: 'ada' });
    round1 = (await ended(0)).streamVersion;
    await t.app.services.commands.execute(id, { type: 'RequestChange', text: 'Gardeners also add swap meetings with a date and a place, and list swap meetings.' }, { actor: 'ada' });
    await ended(round1);
    events = await t.app.store.readStream(id);
  }, ROUND_MS * 2);
  afterAll(async () => {
    await t.close();
    dir.remove();
  });

  const git = (repo: string, ...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });

  it('commits the requirements, each accepted step by its agent and the change by its person, and tags each round', () => {
    const repo = join(dir.path, 'seeds');
    expect(writeGitRepository(repo, gitHistoryOf(events))).toEqual({ commits: expect.any(Number), tags: ['round-1', 'round-2'] });
    const log = git(repo, 'log', '--reverse', '--format=%an|%s').trim().split('\n');
    expect(log[0]).toBe('ada|Requirements: Seeds');
    const authors = log.map((line) => line.split('|')[0]);
    expect(authors.slice(1, 5)).toEqual(['analyst', 'architect', 'developer', 'tester']);
    const change = authors.indexOf('ada', 1);
    expect(log[change]).toBe('ada|Round 2: Gardeners also add swap meetings with a date and a place, and list swap meetings.');
    expect(authors.slice(change + 1)).toEqual(['analyst', 'architect', 'developer', 'tester']);
    expect(git(repo, 'tag').trim().split('\n')).toEqual(['round-1', 'round-2']);

    // Each round's tree holds the files as that round left them, and its stories.
    const written = eventsOfType(events, 'ArtifactWritten');
    const lastOf = (upTo: number) => new Map(written.filter((e) => e.streamVersion <= upTo).map((e) => [e.data.path, e.data.content]));
    for (const [tag, files] of [['round-1', lastOf(round1)], ['round-2', lastOf(events.length)]] as const) {
      for (const [path, content] of files) expect(git(repo, 'show', `${tag}:${path}`)).toBe(content);
      const tree = git(repo, 'ls-tree', '-r', '--name-only', tag).trim().split('\n');
      expect(tree.filter((p) => !p.startsWith('.botarmy/')).sort()).toEqual([...files.keys()].sort());
    }
    const stories = (tag: string) => (JSON.parse(git(repo, 'show', `${tag}:.botarmy/analysis.json`)) as { user_stories: { id: string }[] }).user_stories.map((s) => s.id);
    expect(stories('round-2')).toEqual(expect.arrayContaining(stories('round-1')));
    // The change a round 2 commit made to a file is its diff.
    expect(git(repo, 'diff', 'round-1', 'round-2', '--stat')).toMatch(/src\/meeting\.js/);
  });

  it('gives the same commits for the same log', () => {
    const a = join(dir.path, 'a');
    const b = join(dir.path, 'b');
    writeGitRepository(a, gitHistoryOf(events));
    writeGitRepository(b, gitHistoryOf(events));
    expect(git(a, 'rev-parse', 'HEAD')).toBe(git(b, 'rev-parse', 'HEAD'));
  });

  it('refuses a log that would write under .git, or a directory that is not empty, and writes nothing', () => {
    const renamed = (to: string) => events.map((e) => (e.type === 'ArtifactWritten' && (e as StoredEvent<'ArtifactWritten'>).data.path === 'package.json' ? { ...e, data: { ...e.data, path: to } } : e));
    const tampered = renamed('.git/config');
    const target = join(dir.path, 'tampered');
    expect(() => writeGitRepository(target, gitHistoryOf(tampered))).toThrow(/\.git\/config.*git keeps its own files under \.git/);
    expect(existsSync(target)).toBe(false);
    expect(() => writeGitRepository(target, gitHistoryOf(renamed('src/.GIT/hooks')))).toThrow(/git keeps its own files/);
    const busy = join(dir.path, 'busy');
    writeGitRepository(join(busy), []);
    writeFileSync(join(busy, 'mine.txt'), 'keep me');
    expect(() => writeGitRepository(busy, gitHistoryOf(events))).toThrow(/is not empty/);
    expect(readdirSync(busy).sort()).toEqual(['.git', 'mine.txt']);
  });
});
