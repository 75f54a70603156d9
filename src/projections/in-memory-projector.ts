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
  /** Per type of event, what handles it: looked up once, not per event and read model. */
  private readonly byType = new Map<string, readonly Handling[]>();

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
      for (const { name, table, handler } of this.handling(event.type)) {
        const selector = handler.rows(event as never);
        if ('where' in selector) {
          for (const row of this.matching(name, selector.where as Record<string, unknown>)) this.applyTo(name, handler, row.id, row, event);
        } else if ('id' in selector) this.applyTo(name, handler, selector.id, table.get(selector.id), event);
        else {
          // Every row is taken as it stood before the event, as in a batch written at once.
          const rows = selector.ids.map((id) => table.get(id));
          selector.ids.forEach((id, i) => this.applyTo(name, handler, id, rows[i], event));
        }
      }
    }
    return this;
  }

  private applyTo(name: string, handler: ProjectionHandler<ReadModelRow, EventType>, id: string, row: ReadModelRow | undefined, event: StoredEvent): void {
    const next = handler.apply(handler.replaces ? undefined : row, event as never, id);
    if (next) this.put(name, next);
    else if (row) this.remove(name, row);
  }

  /** The read models that handle this type of event, with their handlers, in the order they are applied. */
  private handling(type: string): readonly Handling[] {
    let handling = this.byType.get(type);
    if (!handling) {
      const found: Handling[] = [];
      for (const projection of this.projections) {
        const handler = projection.handlers[type as EventType] as ProjectionHandler<ReadModelRow, EventType> | undefined;
        if (handler) found.push({ name: projection.name, table: this.tables.get(projection.name) as Map<string, ReadModelRow>, handler });
      }
      handling = found;
      this.byType.set(type, handling);
    }
    return handling;
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

interface Handling {
  name: string;
  table: Map<string, ReadModelRow>;
  handler: ProjectionHandler<ReadModelRow, EventType>;
}

function add(index: Map<unknown, Set<string>>, value: unknown, id: string): void {
  let ids = index.get(value);
  if (!ids) {
    ids = new Set();
    index.set(value, ids);
  }
  ids.add(id);
}
