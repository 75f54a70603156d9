import type { StoredEvent } from '../events/envelope';
import type { TestRunRow } from '../projections/test-run-projection';
import { type FileComparison, type StoryComparison, compareFiles, compareStories, storiesOf } from './compare-projects';
import { type ProjectSnapshot, projectAt } from './project-at';

const ENDS = { ProjectCompleted: 'completed', ProjectFailed: 'failed', ProjectCancelled: 'cancelled' } as const;

export interface RoundView {
  round: number;
  /** What a person asked for; null for round 1, which worked from the requirements. */
  change: string | null;
  /** The version that started it (ProjectCreated or ChangeRequested) and when. */
  fromVersion: number;
  startedAt: string;
  /** The version that ended it; null while it runs. */
  endedAtVersion: number | null;
  status: 'running' | 'completed' | 'failed' | 'cancelled';
  /** The stories it added, changed or dropped, against the round before. */
  stories: StoryComparison[];
  /** The files it added, changed or deleted, against the round before, as unified diffs. */
  files: FileComparison[];
  /** Its test runs, oldest first. */
  testRuns: TestRunRow[];
}

/**
 * A project's rounds read from its log: each round against the one before it, by the same snapshots and comparisons
 * as two projects side by side — what it asked, which stories and files it changed, and how its tests went.
 */
export function roundsOf(events: readonly StoredEvent[]): RoundView[] {
  const starts = events.filter((e) => e.type === 'ProjectCreated' || e.type === 'ChangeRequested');
  // Each round starts where the one before ended: its snapshot is the earlier round's last one.
  let before: ProjectSnapshot | null = null;
  return starts.map((start, k) => {
    const next = starts[k + 1];
    const within = events.filter((e) => e.streamVersion >= start.streamVersion && (!next || e.streamVersion < next.streamVersion));
    const end = within.find((e) => e.type in ENDS);
    const after = projectAt(events, within[within.length - 1].streamVersion)!;
    const round: RoundView = {
      round: k + 1,
      change: start.type === 'ChangeRequested' ? (start as StoredEvent<'ChangeRequested'>).data.text : null,
      fromVersion: start.streamVersion,
      startedAt: start.recordedAt,
      endedAtVersion: end?.streamVersion ?? null,
      status: end ? ENDS[end.type as keyof typeof ENDS] : 'running',
      stories: compareStories(before ? storiesOf(before.project) : [], storiesOf(after.project)).filter((s) => s.status !== 'unchanged'),
      files: compareFiles(before?.artifacts ?? [], after.artifacts).filter((f) => f.status !== 'unchanged'),
      testRuns: after.testRuns.slice(before?.testRuns.length ?? 0),
    };
    before = after;
    return round;
  });
}
