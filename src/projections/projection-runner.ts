import type { EntityManager } from 'typeorm';
import { EVENT_TYPES, type EventType } from '../events/catalog';
import type { StoredEvent } from '../events/envelope';
import type { DataFields } from '../events/event-store';
import { InMemoryProjector } from './in-memory-projector';
import { RebuildWriter } from './rebuild-writer';
import { RowBatch } from './row-batch';
import { SettlingRows } from './settling-rows';
import type { SqlStatements } from '../events/sql-statements';
import { TableStatements } from './table-statements';
import type { Projection, ProjectionHandler, ReadModelRow } from './projection';

/**
 * Applies projections to read-model tables through whatever EntityManager it is given: the append's
 * transaction (inline) or a rebuild's. The handlers are pure; this is the only place that touches the tables.
 */
export class ProjectionRunner {
  /** Per place SQL runs (the writer's statements, or one transaction's connection), each table's statements. */
  private readonly tables = new WeakMap<SqlStatements, Map<Projection<ReadModelRow>, TableStatements>>();

  /** Per type of event, the fields of its data the read models read, for the types whose every handler names them. */
  readonly fields: DataFields;

  constructor(readonly projections: readonly Projection<ReadModelRow>[]) {
    this.fields = fieldsRead(projections);
  }

  get entities(): (new () => ReadModelRow)[] {
    return this.projections.map((p) => p.entity);
  }

  /**
   * Applies a batch of events. Each row a handler touches is read at most once per batch and written once at its
   * end, with only the columns that changed: an event that moves a project's version does not rewrite its spec.
   */
  async apply(manager: EntityManager, statements: SqlStatements, events: readonly StoredEvent[]): Promise<void> {
    const batch = new RowBatch((projection) => this.table(manager, statements, projection));
    const steps = events.flatMap((event) =>
      this.projections.flatMap((projection) => {
        const handler = projection.handlers[event.type as EventType] as ProjectionHandler<ReadModelRow, EventType> | undefined;
        return handler ? [{ event, projection, handler, selector: handler.rows(event as never) }] : [];
      }),
    );
    // The rows picked by id are read before the first event is applied, a few statements a table instead of one a row.
    const byId = new Map<Projection<ReadModelRow>, string[]>();
    for (const { projection, handler, selector } of steps) {
      if ('where' in selector || handler.replaces || handler.patch) continue;
      const ids = byId.get(projection) ?? [];
      ids.push(...('id' in selector ? [selector.id] : selector.ids));
      byId.set(projection, ids);
    }
    for (const [projection, ids] of byId) await batch.load(projection, ids);
    for (const { event, projection, handler, selector } of steps) {
      if (handler.replaces && !('where' in selector)) {
        for (const id of 'id' in selector ? [selector.id] : selector.ids) batch.replace(projection, id, handler.apply(undefined, event as never, id));
        continue;
      }
      const targets: [string, ReadModelRow | undefined][] = [];
      if ('where' in selector) for (const row of await batch.where(projection, selector.where)) targets.push([row.id, row]);
      else
        for (const id of 'id' in selector ? [selector.id] : selector.ids) {
          // Columns set from the event alone are written without reading a row the batch has not read anyway.
          if (handler.patch && !batch.holds(projection, id)) batch.patch(projection, id, handler.patch(event as never) as Record<string, unknown>);
          else targets.push([id, await batch.get(projection, id)]);
        }
      for (const [id, row] of targets) {
        const next = handler.apply(row, event as never, id);
        if (next) batch.set(projection, next);
        else if (row) batch.remove(projection, row.id);
      }
    }
    await batch.flush();
  }

  /**
   * Empties every read model and replays the whole log through the same handlers, folded in memory. Each batch of
   * events is folded while the next is read and the rows the last one left settled are written, many to a statement:
   * the database reads and writes while this process folds.
   */
  async rebuild(
    manager: EntityManager,
    statements: SqlStatements,
    readAll: (afterPosition: number, fields: DataFields) => Promise<StoredEvent[]>,
  ): Promise<number> {
    const settling = new SettlingRows();
    const memory = new InMemoryProjector(this.projections, (name, id) => settling.changed(name, id));
    const writer = new RebuildWriter((projection) => this.table(manager, statements, projection));
    const byName = new Map(this.projections.map((p) => [p.name, p]));
    // Writes go one after another, each taking the rows as they stood when they settled: the fold does not wait.
    let writing: Promise<void> = Promise.resolve();
    const write = (settled: Map<string, string[]>): void => {
      const rows = [...settled].map(([name, ids]) => {
        const projection = byName.get(name) as Projection<ReadModelRow>;
        return [projection, ids.map((id) => [id, memory.row(projection, id)] as const)] as const;
      });
      writing = heardLater(
        writing.then(async () => {
          for (const [projection, changes] of rows) await writer.write(projection, changes);
        }),
      );
    };
    for (const projection of this.projections) await manager.getRepository(projection.entity).clear();
    let count = 0;
    let reading = heardLater(readAll(0, this.fields));
    try {
      for (;;) {
        const events = await reading;
        if (events.length === 0) break;
        count += events.length;
        reading = heardLater(readAll(events[events.length - 1].globalPosition, this.fields));
        memory.apply(events);
        write(settling.endBatch());
      }
      write(settling.rest());
      await writing;
      await writer.finish();
      return count;
    } finally {
      // Nothing may still be writing when the transaction ends, and a failed rebuild rolls back.
      await Promise.allSettled([reading, writing]);
    }
  }

  /** A table's statements, derived once from its entity and kept as long as the place they run in. */
  private table(manager: EntityManager, statements: SqlStatements, projection: Projection<ReadModelRow>): TableStatements {
    let tables = this.tables.get(statements);
    if (!tables) {
      tables = new Map();
      this.tables.set(statements, tables);
    }
    let table = tables.get(projection);
    if (!table) {
      table = new TableStatements(manager.connection, statements, projection.entity);
      tables.set(projection, table);
    }
    return table;
  }
}

/** Per type of event, the union of the fields its handlers read; a type any handler reads whole is left out. */
function fieldsRead(projections: readonly Projection<ReadModelRow>[]): DataFields {
  const fields = new Map<string, string[]>();
  for (const type of EVENT_TYPES) {
    const read = new Set<string>();
    let whole = false;
    for (const projection of projections) {
      const handler = projection.handlers[type] as ProjectionHandler<ReadModelRow, EventType> | undefined;
      if (!handler) continue;
      if (!handler.reads) whole = true;
      else for (const field of handler.reads) read.add(field);
    }
    if (!whole) fields.set(type, [...read].sort());
  }
  return fields;
}

/** A promise awaited later: until then its failure is left for that await to report, not taken for an unhandled one. */
function heardLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
