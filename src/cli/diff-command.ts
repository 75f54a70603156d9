import type { EventStore } from '../events/event-store';
import { type Change, type ComparedSide, compareProjects, type Parting, type ProjectComparison } from '../history/compare-projects';

/** `botarmy diff A B`: two projects side by side, as a report for a terminal. */
export async function diffProjects(store: EventStore, a: string, b: string): Promise<string> {
  const [left, right] = await Promise.all([store.readStream(a), store.readStream(b)]);
  if (left.length === 0) throw new Error(`project ${a} not found`);
  if (right.length === 0) throw new Error(`project ${b} not found`);
  return diffReport(compareProjects(left, right));
}

function diffReport(c: ProjectComparison): string {
  const lines = [
    ...header('a', c.a),
    ...header('b', c.b),
    '',
    partingLine(c.parting),
    '',
    `stories: ${counts(c.stories)}`,
    ...c.stories.map((s) => `  ${s.status.padEnd(9)} ${s.id.padEnd(4)} ${storyTitles(s.titleA, s.titleB)}`),
    ...c.stories.filter((s) => s.diff).map((s) => s.diff),
    '',
    `design: ${c.design.status}`,
    ...(c.design.diff ? [c.design.diff] : []),
    '',
    `files: ${counts(c.files)}`,
    ...c.files.map((f) => `  ${f.status.padEnd(9)} ${f.path}`),
    ...c.files.filter((f) => f.diff).map((f) => f.diff),
    '',
    `tests: a ${testRun(c.a)}; b ${testRun(c.b)}`,
    ...(c.tests.length ? [`  ${'a'.padEnd(4)} ${'b'.padEnd(4)} test`] : []),
    ...c.tests.map((t) => `  ${outcome(t.okA)} ${outcome(t.okB)} ${t.name}`),
  ];
  // The diffs end in a newline of their own.
  return `${lines.map((l) => l.replace(/\n$/, '')).join('\n')}\n`;
}

function header(label: string, side: ComparedSide): string[] {
  const { project, tokens } = side;
  const fork = project.forkedFrom ? ` (fork of ${project.forkedFrom} at v${project.forkedAtVersion})` : '';
  return [
    `${label}: ${project.id}  ${project.name}${fork}`,
    `   ${project.status}, version ${project.version}, ${tokens.totalTokens} tokens (${tokens.promptTokens} prompt + ${tokens.completionTokens} completion), $${tokens.costUsd}, ${duration(side.durationMs)}`,
    `   tokens by agent: ${tokens.byAgent.map((t) => `${t.agent} ${t.totalTokens}`).join(', ')}`,
  ];
}

function partingLine(parting: Parting | null): string {
  if (!parting) return 'parting: none, the two logs hold the same events';
  const type = (e: Parting['a']) => e?.type ?? '(end of log)';
  return `parting: at version ${parting.version}: a ${type(parting.a)}, b ${type(parting.b)}; differing: ${parting.fields.join(', ')}`;
}

function counts(items: { status: Change }[]): string {
  if (items.length === 0) return 'none';
  const statuses: Change[] = ['added', 'removed', 'changed', 'unchanged'];
  return statuses
    .map((status) => [status, items.filter((i) => i.status === status).length] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
}

function storyTitles(a: string | null, b: string | null): string {
  if (a === null || b === null || a === b) return a ?? b ?? '';
  return `${a} -> ${b}`;
}

function testRun(side: ComparedSide): string {
  const run = side.lastTestRun;
  return run ? `${run.passed ?? 0} passed, ${run.failed ?? 0} failed (round ${run.round}, ${run.status})` : 'no test run';
}

/** A column per project: how the test went in its latest run, or `-` when the run had no such test. */
function outcome(ok: boolean | null): string {
  return (ok === null ? '-' : ok ? 'ok' : 'FAIL').padEnd(4);
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 100) / 10;
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m ${Math.round(seconds % 60)}s` : `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}
