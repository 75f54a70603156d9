import type { EventType } from '../events/catalog';
import type { StoredEvent } from '../events/envelope';
import type { Projection, ProjectionHandler, ReadModelRow } from './projection';

/**
 * The same projections folded into memory instead of tables: how a project is seen as of any past version
 * without stored snapshots, and how projections are tested given/when/then.
 */
export class InMemoryProjector {
  private readonly tables = new Map<string, Map<string, ReadModelRow>>();

  constructor(private readonly projections: readonly Projection<ReadModelRow>[]) {
    for (const p of projections) this.tables.set(p.name, new Map());
  }

  apply(events: readonly StoredEvent[]): this {
    for (const event of events) {
      for (const projection of this.projections) {
        const handler = projection.handlers[event.type as EventType] as ProjectionHandler<ReadModelRow, EventType> | undefined;
        if (!handler) continue;
        const table = this.tables.get(projection.name) as Map<string, ReadModelRow>;
        const selector = handler.rows(event as never);
        const targets: [string, ReadModelRow | undefined][] =
          'where' in selector
            ? [...table.values()]
                .filter((row) => Object.entries(selector.where).every(([k, v]) => (row as unknown as Record<string, unknown>)[k] === v))
                .map((row) => [row.id, row])
            : ('id' in selector ? [selector.id] : selector.ids).map((id) => [id, table.get(id)]);
        for (const [id, row] of targets) {
          const next = handler.apply(row, event as never, id);
          if (next) table.set(next.id, next);
          else if (row) table.delete(row.id);
        }
      }
    }
    return this;
  }

  /** The rows of one read model, ordered by id like a table dump. */
  rows<R extends ReadModelRow>(projection: Projection<R>): R[] {
    const table = this.tables.get(projection.name) as Map<string, R>;
    return [...table.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
