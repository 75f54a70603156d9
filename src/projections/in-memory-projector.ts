import type { EventType } from '../events/catalog';
import type { StoredEvent } from '../events/envelope';
import type { Projection, ProjectionHandler, ReadModelRow } from './projection';

/**
 * The same projections folded into memory instead of tables: how a project is seen as of any past version
 * without stored snapshots, and how projections are tested given/when/then.
 */
export class InMemoryProjector {
  private readonly tables = new Map<string, Map<string, ReadModelRow>>();
  /** Per table, per field a handler selects rows by: the ids of the rows holding each value. */
  private readonly indexes = new Map<string, Map<string, Map<unknown, Set<string>>>>();

  /** `changed` hears of every row a handler writes or removes, by read model and id: what a rebuild writes as it folds. */
  constructor(
    private readonly projections: readonly Projection<ReadModelRow>[],
    private readonly changed?: (name: string, id: string) => void,
  ) {
    for (const p of projections) {
      this.tables.set(p.name, new Map());
      this.indexes.set(p.name, new Map());
    }
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
            ? this.matching(projection.name, selector.where as Record<string, unknown>).map((row) => [row.id, row])
            : ('id' in selector ? [selector.id] : selector.ids).map((id) => [id, table.get(id)]);
        for (const [id, row] of targets) {
          const next = handler.apply(handler.replaces ? undefined : row, event as never, id);
          if (next) this.put(projection.name, next);
          else if (row) this.remove(projection.name, row);
        }
      }
    }
    return this;
  }

  /** The rows whose fields equal `where`'s: looked up by its first field, so a fold stays linear in the events. */
  private matching(name: string, where: Record<string, unknown>): ReadModelRow[] {
    const table = this.tables.get(name) as Map<string, ReadModelRow>;
    const entries = Object.entries(where);
    if (entries.length === 0) return [...table.values()];
    const [field, value] = entries[0];
    const ids = this.indexOf(name, field).get(value) ?? new Set<string>();
    return [...ids]
      .map((id) => table.get(id) as ReadModelRow)
      .filter((row) => entries.every(([k, v]) => (row as unknown as Record<string, unknown>)[k] === v));
  }

  private indexOf(name: string, field: string): Map<unknown, Set<string>> {
    const indexes = this.indexes.get(name) as Map<string, Map<unknown, Set<string>>>;
    let index = indexes.get(field);
    if (!index) {
      index = new Map();
      for (const row of (this.tables.get(name) as Map<string, ReadModelRow>).values()) add(index, (row as unknown as Record<string, unknown>)[field], row.id);
      indexes.set(field, index);
    }
    return index;
  }

  private put(name: string, row: ReadModelRow): void {
    const table = this.tables.get(name) as Map<string, ReadModelRow>;
    const old = table.get(row.id);
    if (old) this.unindex(name, old);
    table.set(row.id, row);
    for (const [field, index] of this.indexes.get(name) as Map<string, Map<unknown, Set<string>>>) add(index, (row as unknown as Record<string, unknown>)[field], row.id);
    this.changed?.(name, row.id);
  }

  private remove(name: string, row: ReadModelRow): void {
    this.unindex(name, row);
    (this.tables.get(name) as Map<string, ReadModelRow>).delete(row.id);
    this.changed?.(name, row.id);
  }

  private unindex(name: string, row: ReadModelRow): void {
    for (const [field, index] of this.indexes.get(name) as Map<string, Map<unknown, Set<string>>>) {
      index.get((row as unknown as Record<string, unknown>)[field])?.delete(row.id);
    }
  }

  /** One row of a read model as the fold has left it; undefined when there is none. */
  row<R extends ReadModelRow>(projection: Projection<R>, id: string): R | undefined {
    return (this.tables.get(projection.name) as Map<string, R>).get(id);
  }

  /** The rows of one read model, ordered by id like a table dump. */
  rows<R extends ReadModelRow>(projection: Projection<R>): R[] {
    const table = this.tables.get(projection.name) as Map<string, R>;
    return [...table.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

function add(index: Map<unknown, Set<string>>, value: unknown, id: string): void {
  let ids = index.get(value);
  if (!ids) {
    ids = new Set();
    index.set(value, ids);
  }
  ids.add(id);
}
