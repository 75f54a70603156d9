import type { StoredEvent } from '../events/envelope';
import { actionProjection, type ActionRow } from '../projections/action-projection';
import { agentProjection, type AgentRow } from '../projections/agent-projection';
import { artifactProjection, type ArtifactRow } from '../projections/artifact-projection';
import { type Coverage, coverageOf, coverageProjection } from '../projections/coverage-projection';
import { InMemoryProjector } from '../projections/in-memory-projector';
import { messageProjection, type MessageRow } from '../projections/message-projection';
import { mutationRunProjection, type MutationRunRow } from '../projections/mutation-run-projection';
import { projectProjection, type ProjectRow } from '../projections/project-projection';
import { PROJECTIONS } from '../projections/read-models';
import { testRunProjection, type TestRunRow } from '../projections/test-run-projection';

export interface ProjectSnapshot {
  version: number;
  recordedAt: string;
  project: ProjectRow;
  messages: MessageRow[];
  actions: ActionRow[];
  agents: AgentRow[];
  artifacts: ArtifactRow[];
  testRuns: TestRunRow[];
  mutationRuns: MutationRunRow[];
  /** Judged as of that version, from the evidence the log held then. */
  coverage: Coverage | null;
}

/**
 * The project as it was right after `version`: the same projections folded in memory over the stream up to
 * there. No snapshots are stored; the log is enough.
 */
export function projectAt(events: readonly StoredEvent[], version: number): ProjectSnapshot | null {
  const upTo = events.filter((e) => e.streamVersion <= version);
  const projector = new InMemoryProjector(PROJECTIONS).apply(upTo);
  const [project] = projector.rows(projectProjection);
  if (!project) return null;
  const last = upTo[upTo.length - 1];
  const [coverage] = projector.rows(coverageProjection);
  return {
    version: last.streamVersion,
    recordedAt: last.recordedAt,
    project,
    messages: projector.rows(messageProjection).sort((a, b) => a.position - b.position),
    actions: projector.rows(actionProjection).sort((a, b) => a.streamVersion - b.streamVersion),
    agents: projector.rows(agentProjection).sort((a, b) => a.position - b.position),
    artifacts: projector.rows(artifactProjection).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    testRuns: projector.rows(testRunProjection).sort((a, b) => a.round - b.round),
    mutationRuns: projector.rows(mutationRunProjection).sort((a, b) => a.round - b.round),
    coverage: coverage ? coverageOf(coverage) : null,
  };
}
