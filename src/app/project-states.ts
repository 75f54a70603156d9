import { type ProjectState, evolve, initialProjectState } from '../domain/project';
import { type WorkflowState, evolveWorkflow, initialWorkflowState } from '../domain/workflow';
import type { StoredEvent } from '../events/envelope';
import type { EventStore } from '../events/event-store';

/** A project as its deciders see it: both folds of its stream, up to one version. */
export interface ProjectView {
  project: ProjectState;
  workflow: WorkflowState;
  /** The stream version both states are folded up to (0: no events). */
  version: number;
  /** The global position of the last event folded in (0: none). */
  lastPosition: number;
}

/** Active projects kept folded; the least recently used beyond this are dropped and folded again when needed. */
const MAX_PROJECTS = 1_000;

/**
 * Each project's folded states, advanced event by event: a decision reads only the events appended since the
 * last one (by anyone, in any process), so a project costs O(1) per event instead of a re-read and re-fold of
 * its whole stream. The store stays the truth: a state is only ever advanced by stored events, in order.
 */
export class ProjectStates {
  private readonly views = new Map<string, ProjectView>();
  /** Projects whose held view is known to lack events the store has (a gap on the bus, a refused append). */
  private readonly behind = new Set<string>();

  constructor(private readonly store: Pick<EventStore, 'readStream'>) {}

  /** The project's states as of the end of its stream now. */
  async current(projectId: string): Promise<ProjectView> {
    // Cleared before the read: whatever the read misses is marked again by whoever sees it.
    this.behind.delete(projectId);
    const known = this.views.get(projectId);
    const tail = await this.store.readStream(projectId, { from: (known?.version ?? 0) + 1 });
    return this.advance(projectId, tail, known);
  }

  /**
   * The project's states as this process has seen them: every event it appended or heard of on the bus. Read from
   * the store only when none are held or they are known to be behind. For decisions whose append carries the
   * version they were folded to: an append from a view another process has overtaken is refused as a conflict,
   * and the decider reads the tail then (`markBehind`, `current`).
   */
  async latest(projectId: string): Promise<ProjectView> {
    const held = this.views.get(projectId);
    return held && !this.behind.has(projectId) ? held : this.current(projectId);
  }

  /** The store holds events of the project that its view lacks: the next `latest` reads them. */
  markBehind(projectId: string): void {
    this.behind.add(projectId);
  }

  /** A committed event, as the bus delivers it: folded into the project's view if one is held. */
  observe(event: StoredEvent): void {
    if (this.views.has(event.streamId)) this.advance(event.streamId, [event]);
  }

  /** Folds events just appended (or read) into the project's states; events it already holds are skipped. */
  advance(projectId: string, events: readonly StoredEvent[], base = this.views.get(projectId)): ProjectView {
    let view = base ?? { project: initialProjectState, workflow: initialWorkflowState(projectId), version: 0, lastPosition: 0 };
    for (const event of events) {
      if (event.streamVersion <= view.version) continue;
      // A gap means events were appended that this view has not seen: it is left for the next read to fill.
      if (event.streamVersion !== view.version + 1) {
        this.behind.add(projectId);
        break;
      }
      view = {
        project: evolve(view.project, event),
        workflow: evolveWorkflow(view.workflow, event),
        version: event.streamVersion,
        lastPosition: event.globalPosition,
      };
    }
    const held = this.views.get(projectId);
    // Two readers may race: the view that has seen more wins.
    if (held && held.version > view.version) return held;
    this.views.delete(projectId);
    this.views.set(projectId, view);
    if (this.views.size > MAX_PROJECTS) {
      const oldest = this.views.keys().next().value as string;
      this.views.delete(oldest);
      this.behind.delete(oldest);
    }
    return view;
  }
}
