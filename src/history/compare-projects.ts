import { createTwoFilesPatch, FILE_HEADERS_ONLY, formatPatch, structuredPatch } from 'diff';
import type { AnalystOutput, UserStory } from '../domain/agents/analyst';
import { canonicalJson } from '../events/canonical-json';
import type { StoredEvent } from '../events/envelope';
import type { ArtifactRow } from '../projections/artifact-projection';
import type { ProjectRow } from '../projections/project-projection';
import type { TestRunRow } from '../projections/test-run-projection';
import { projectAt, type ProjectSnapshot } from './project-at';
import { replaceEmbedded } from './stream-copy';
import { microDollars } from '../domain/dollars';

/** What became of one thing (a file, a story, the design) from the first project to the second. */
export type Change = 'added' | 'removed' | 'changed' | 'unchanged';

export interface TokenCount {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  llmCalls: number;
  costUsd: number;
}

export interface ComparedSide {
  project: ProjectRow;
  tokens: TokenCount & { byAgent: (TokenCount & { agent: string })[] };
  /** The first and the last event's recorded times; a fork's first event is its origin's, copied. */
  startedAt: string;
  endedAt: string;
  durationMs: number;
  /** The run with the highest round, or null before the first. */
  lastTestRun: TestRunRow | null;
}

export interface TextComparison {
  status: Change;
  /** A unified diff from the first project's text to the second's; empty when unchanged. */
  diff: string;
}

export interface FileComparison extends TextComparison {
  path: string;
}

export interface StoryComparison extends TextComparison {
  id: string;
  titleA: string | null;
  titleB: string | null;
}

/** One test by name and whether it passed in each project's last run (null: not in that run). */
export interface TestCaseComparison {
  name: string;
  okA: boolean | null;
  okB: boolean | null;
}

export interface Parting {
  version: number;
  /** Each project's event at that version; null past the end of its stream. */
  a: StoredEvent | null;
  b: StoredEvent | null;
  /** The payload fields that differ, or `type` when the types do (or one stream has ended). */
  fields: string[];
}

export interface ProjectComparison {
  a: ComparedSide;
  b: ComparedSide;
  stories: StoryComparison[];
  design: TextComparison;
  files: FileComparison[];
  tests: TestCaseComparison[];
  /** The first version where the streams differ; null when they never do. */
  parting: Parting | null;
}

/**
 * Two projects side by side — typically a fork and its origin — each read from its whole stream through the same
 * projections a snapshot uses: what the analyst and architect decided, the files as last written, the last test
 * run, what it cost, and the first event where the two histories part.
 */
export function compareProjects(a: readonly StoredEvent[], b: readonly StoredEvent[]): ProjectComparison {
  const before = finalSnapshot(a);
  const after = finalSnapshot(b);
  return {
    a: sideOf(a, before),
    b: sideOf(b, after),
    stories: compareStories(storiesOf(before.project), storiesOf(after.project)),
    design: compareText('design.json', documentOf(before.project.spec?.architect), documentOf(after.project.spec?.architect)),
    files: compareFiles(before.artifacts, after.artifacts),
    tests: compareTests(lastTestRun(before), lastTestRun(after)),
    parting: firstParting(a, b),
  };
}

function finalSnapshot(events: readonly StoredEvent[]): ProjectSnapshot {
  const snapshot = events.length ? projectAt(events, events[events.length - 1].streamVersion) : null;
  if (!snapshot) throw new Error('a project to compare must have events, starting with its creation');
  return snapshot;
}

function sideOf(events: readonly StoredEvent[], snapshot: ProjectSnapshot): ComparedSide {
  const byAgent = snapshot.agents.map((row) => ({
    agent: row.agent,
    promptTokens: row.promptTokens,
    completionTokens: row.completionTokens,
    totalTokens: row.promptTokens + row.completionTokens,
    llmCalls: row.llmCalls,
    costUsd: row.costUsd,
  }));
  const sum = (key: keyof TokenCount) => byAgent.reduce((n, agent) => n + agent[key], 0);
  const startedAt = events[0].recordedAt;
  return {
    project: snapshot.project,
    tokens: { promptTokens: sum('promptTokens'), completionTokens: sum('completionTokens'), totalTokens: sum('totalTokens'), llmCalls: sum('llmCalls'), costUsd: microDollars(sum('costUsd')), byAgent },
    startedAt,
    endedAt: snapshot.recordedAt,
    durationMs: Date.parse(snapshot.recordedAt) - Date.parse(startedAt),
    lastTestRun: lastTestRun(snapshot),
  };
}

/** Test runs are sorted by round: the last is the latest. */
function lastTestRun(snapshot: ProjectSnapshot): TestRunRow | null {
  return snapshot.testRuns[snapshot.testRuns.length - 1] ?? null;
}

export function storiesOf(project: ProjectRow): UserStory[] {
  return (project.spec?.analyst as AnalystOutput | undefined)?.user_stories ?? [];
}

/** An agent's output as text a diff can read line by line. */
function documentOf(output: unknown): string | null {
  return output === undefined ? null : `${JSON.stringify(output, null, 2)}\n`;
}

export function compareStories(a: UserStory[], b: UserStory[]): StoryComparison[] {
  const ids = unionInOrder(a.map((s) => s.id), b.map((s) => s.id));
  return ids.map((id) => {
    const before = a.find((s) => s.id === id);
    const after = b.find((s) => s.id === id);
    return { id, titleA: before?.title ?? null, titleB: after?.title ?? null, ...compareText(`${id}.json`, documentOf(before), documentOf(after)) };
  });
}

/** Each path at its latest version in each project, compared. */
export function compareFiles(a: ArtifactRow[], b: ArtifactRow[]): FileComparison[] {
  const before = new Map(a.map((f) => [f.path, f.content]));
  const after = new Map(b.map((f) => [f.path, f.content]));
  return [...new Set([...before.keys(), ...after.keys()])]
    .sort()
    .map((path) => ({ path, ...compareText(path, before.get(path) ?? null, after.get(path) ?? null) }));
}

/** One document in two versions, as a unified diff (git's convention: an added or removed one against /dev/null). */
export function compareText(name: string, a: string | null, b: string | null): TextComparison {
  const status: Change = a === null ? (b === null ? 'unchanged' : 'added') : b === null ? 'removed' : a === b ? 'unchanged' : 'changed';
  if (status === 'unchanged') return { status, diff: '' };
  return { status, diff: unifiedDiff(a === null ? '/dev/null' : `a/${name}`, b === null ? '/dev/null' : `b/${name}`, a ?? '', b ?? '') };
}

/**
 * A line diff costs time in proportion to the lines times the edits, and two unrelated large files would hold up the
 * server for seconds: past this many edits the file is shown removed whole and written anew, which is what a diff of
 * unrelated files says anyway.
 */
const MAX_EDITS = 1000;

function unifiedDiff(oldName: string, newName: string, a: string, b: string): string {
  const headerOptions = FILE_HEADERS_ONLY;
  const diff = createTwoFilesPatch(oldName, newName, a, b, undefined, undefined, { maxEditLength: MAX_EDITS, headerOptions });
  if (diff !== undefined) return diff;
  const [removed] = structuredPatch(oldName, newName, a, '').hunks;
  const [added] = structuredPatch(oldName, newName, '', b).hunks;
  const hunk = {
    oldStart: removed?.oldStart ?? 1,
    oldLines: removed?.oldLines ?? 0,
    newStart: added?.newStart ?? 1,
    newLines: added?.newLines ?? 0,
    lines: [...(removed?.lines ?? []), ...(added?.lines ?? [])],
  };
  return formatPatch({ oldFileName: oldName, newFileName: newName, oldHeader: undefined, newHeader: undefined, hunks: [hunk] }, headerOptions);
}

function compareTests(a: TestRunRow | null, b: TestRunRow | null): TestCaseComparison[] {
  const before = a?.tests ?? [];
  const after = b?.tests ?? [];
  return unionInOrder(before.map((t) => t.name), after.map((t) => t.name)).map((name) => ({
    name,
    okA: before.find((t) => t.name === name)?.ok ?? null,
    okB: after.find((t) => t.name === name)?.ok ?? null,
  }));
}

function unionInOrder(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** Fields that measure how a run went (how long a call or a test run took) rather than what it did. */
const MEASURES = new Set(['latencyMs', 'durationMs']);

/**
 * The first version where the two streams differ in type or data; metadata (a copy's origin, the actor) and
 * measurements aside. A fork's copies name the fork where the original named itself, and give its actions new
 * ids, so both streams are read with the first one's id and actions numbered in order of appearance.
 */
function firstParting(a: readonly StoredEvent[], b: readonly StoredEvent[]): Parting | null {
  const asId = a[0].streamId;
  const left = comparable(a, asId);
  const right = comparable(b, asId);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (!x || !y || x.type !== y.type) return { version: i + 1, a: x, b: y, fields: ['type'] };
    const fields = [...new Set([...Object.keys(left[i]), ...Object.keys(right[i])])]
      .filter((k) => !MEASURES.has(k) && canonicalJson(left[i][k]) !== canonicalJson(right[i][k]))
      .sort();
    if (fields.length) return { version: i + 1, a: x, b: y, fields };
  }
  return null;
}

function comparable(events: readonly StoredEvent[], asId: string): Record<string, unknown>[] {
  const own = events[0]?.streamId;
  const actions = new Map<string, string>();
  return events.map((e) => {
    const data = replaceEmbedded(e.data, own, asId) as Record<string, unknown>;
    if (typeof data.actionId !== 'string') return data;
    if (!actions.has(data.actionId)) actions.set(data.actionId, `action ${actions.size + 1}`);
    return { ...data, actionId: actions.get(data.actionId) };
  });
}
