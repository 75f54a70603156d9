import { Column, Entity, PrimaryColumn } from 'typeorm';
import { AGENT_NAMES } from '../domain/agents/pipeline';
import { OPTION } from '../domain/escalation';
import { settingsAfterFork } from '../domain/fork-settings';
import { EVENT_TYPES, type EventType, type ProjectSettings } from '../events/catalog';
import type { StoredEvent } from '../events/envelope';
import { defineProjection, type ProjectionHandler } from './projection';

export type ProjectStatus = 'active' | 'waiting' | 'paused' | 'completed' | 'cancelled' | 'failed';

@Entity('projects')
export class ProjectRow {
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
  @Column('text') requirements: string;
  /**
   * The accepted agent outputs (stories, design…), keyed by agent; null until the first is accepted. Not a column:
   * each output is in the event that accepted (or edited) it, at the stream version `specVersions` keeps, and the
   * queries read it from there (ReadModelQueries.projectSpec). A fold in memory keeps it on the row.
   */
  spec: Record<string, unknown> | null;
  /** Per agent in `spec`, in the same order, the version of the project's stream whose event holds its output. */
  @Column('simple-json', { name: 'spec_versions', nullable: true }) specVersions: Record<string, number> | null;
  @Column('text') status: ProjectStatus;
  @Column('integer') version: number;
  @Column('simple-json') settings: ProjectSettings;
  @Column('integer', { name: 'created_position' }) createdPosition: number;
  /** The project this one was forked from, and the last version of it the fork copied; null unless a fork. */
  @Column('text', { name: 'forked_from', nullable: true }) forkedFrom: string | null;
  @Column('integer', { name: 'forked_at_version', nullable: true }) forkedAtVersion: number | null;
  /** What a person accepted short of done when it completed (failing tests, open criteria); null otherwise. */
  @Column('simple-json', { nullable: true }) warnings: { agent: string; text: string }[] | null;
  /** 1 while the team works from the requirements; each change a person asks for after it ended starts the next. */
  @Column('integer', { default: 1 }) round: number;
  /** The changes asked for, oldest first: each started the round it names. */
  @Column('simple-json', { default: '[]' }) changes: { round: number; text: string; requestedAt: string }[];
  /** The agent a paused project stopped before; null unless paused. */
  @Column('text', { name: 'paused_before', nullable: true }) pausedBefore: string | null;
  @Column('text', { name: 'created_at' }) createdAt: string;
  @Column('text', { name: 'updated_at' }) updatedAt: string;
}

/** What every event sets on its project's row. */
const moved = (event: StoredEvent): Partial<ProjectRow> => ({ version: event.streamVersion, updatedAt: event.recordedAt });

/** Every event of a project's stream moves its version and updated time; these handlers add what else changes. */
function touch(row: ProjectRow | undefined, event: StoredEvent, changes: Partial<ProjectRow> = {}): ProjectRow | undefined {
  if (!row) return undefined;
  return { ...row, ...changes, ...moved(event) };
}

const byStream = (event: StoredEvent) => ({ id: event.streamId });

/** The accepted outputs of the agents before `from` in the pipeline: what stands when the rest work again. */
function specWithout<V>(spec: Record<string, V> | null | undefined, from: number): Record<string, V> | null {
  const kept = Object.entries(spec ?? {}).filter(([agent]) => AGENT_NAMES.indexOf(agent as never) < from);
  return kept.length ? Object.fromEntries(kept) : null;
}

/** The spec with `agent`'s output from this event, and where it is. */
function withOutput(e: StoredEvent<'AgentOutputAccepted' | 'AgentOutputEdited'>, kept: Pick<ProjectRow, 'spec' | 'specVersions'>): Pick<ProjectRow, 'spec' | 'specVersions'> {
  return { spec: { ...kept.spec, [e.data.agent]: e.data.output }, specVersions: { ...kept.specVersions, [e.data.agent]: e.streamVersion } };
}

/** Any event not handled below still moves the project's version: written without reading the row (and its spec). */
const touchOnly = Object.fromEntries(
  EVENT_TYPES.map((type) => [type, { rows: byStream, patch: moved, apply: (row: ProjectRow | undefined, e: StoredEvent) => touch(row, e), reads: [] }]),
) as unknown as { [T in EventType]: ProjectionHandler<ProjectRow, T> };

export const projectProjection = defineProjection<ProjectRow>({
  name: 'projects',
  entity: ProjectRow,
  handlers: {
    ...touchOnly,
    ProjectCreated: {
      rows: byStream,
      apply: (_row, e) => ({
        id: e.streamId,
        name: e.data.name,
        requirements: e.data.requirements,
        spec: null,
        specVersions: null,
        status: 'active',
        version: e.streamVersion,
        settings: e.data.settings,
        createdPosition: e.globalPosition,
        forkedFrom: null,
        forkedAtVersion: null,
        warnings: null,
        round: 1,
        changes: [],
        pausedBefore: null,
        createdAt: e.recordedAt,
        updatedAt: e.recordedAt,
      }),
    },
    AgentOutputAccepted: {
      rows: byStream,
      apply: (row, e) => touch(row, e, withOutput(e, { spec: row?.spec ?? null, specVersions: row?.specVersions ?? null })),
    },
    StepRetryRequested: {
      rows: byStream,
      apply: (row, e) =>
        touch(row, e, {
          status: row?.status === 'paused' ? 'paused' : 'active',
          spec: specWithout(row?.spec, AGENT_NAMES.indexOf(e.data.agent)),
          specVersions: specWithout(row?.specVersions, AGENT_NAMES.indexOf(e.data.agent)),
          warnings: null,
        }),
    },
    // The edit is the agent's output now; the agents after it work again.
    AgentOutputEdited: {
      rows: byStream,
      apply: (row, e) =>
        touch(row, e, {
          status: row?.status === 'paused' ? 'paused' : 'active',
          ...withOutput(e, {
            spec: specWithout(row?.spec, AGENT_NAMES.indexOf(e.data.agent)),
            specVersions: specWithout(row?.specVersions, AGENT_NAMES.indexOf(e.data.agent)),
          }),
          warnings: null,
        }),
    },
    // The last round's outputs stay on the page until the new round's replace them.
    ChangeRequested: { rows: byStream, apply: (row, e) => row && touch(row, e, { status: 'active', round: e.data.round, changes: [...row.changes, { round: e.data.round, text: e.data.text, requestedAt: e.recordedAt }], warnings: null }) },
    BreakpointsSet: { rows: byStream, apply: (row, e) => row && touch(row, e, { settings: { ...row.settings, breakpoints: e.data.agents } }) },
    ProjectPaused: { rows: byStream, apply: (row, e) => touch(row, e, { status: 'paused', pausedBefore: e.data.beforeAgent }) },
    ProjectResumed: { rows: byStream, apply: (row, e) => touch(row, e, { status: 'active', pausedBefore: null }) },
    ActionRequested: { rows: byStream, apply: (row, e) => touch(row, e, { status: 'waiting' }) },
    ActionResolved: {
      rows: byStream,
      apply: (row, e) =>
        touch(row, e, {
          ...(row?.status === 'waiting' ? { status: 'active' } : {}),
          // The person's text replaced the requirements: the page shows what the team now works from.
          ...(e.data.optionId === OPTION.replaceRequirements && e.data.response ? { requirements: e.data.response } : {}),
        }),
    },
    // A fork copies its origin's creation, recorded time included; the fork itself was created when it forked,
    // and its changes hold from then on.
    ProjectForked: {
      rows: byStream,
      apply: (row, e) =>
        row &&
        touch(row, e, {
          createdAt: e.recordedAt,
          forkedFrom: e.data.fromProjectId,
          forkedAtVersion: e.data.atVersion,
          name: e.data.overrides.name ?? row.name,
          requirements: e.data.overrides.requirements ?? row.requirements,
          settings: settingsAfterFork(row.settings, e.data.overrides),
        }),
    },
    ProjectCompleted: { rows: byStream, apply: (row, e) => touch(row, e, { status: 'completed', warnings: e.data.warnings?.length ? e.data.warnings : null }) },
    ProjectCancelled: { rows: byStream, apply: (row, e) => touch(row, e, { status: 'cancelled', pausedBefore: null }) },
    ProjectFailed: { rows: byStream, apply: (row, e) => touch(row, e, { status: 'failed' }) },
  },
});
