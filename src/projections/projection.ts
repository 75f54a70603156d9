import type { EventData, EventType } from '../events/catalog';
import type { StoredEvent } from '../events/envelope';

export interface ReadModelRow {
  id: string;
}

/** Which rows an event touches: rows by id (they may not exist yet), or every existing row that matches. */
export type RowSelector<R> = { id: string } | { ids: string[] } | { where: Partial<R> };

/**
 * A pure handler: `(row, event) → row`. Returning undefined removes the row (or creates none).
 * The runner applies the same handlers inline in the append's transaction and again, unchanged, in a rebuild.
 */
export interface ProjectionHandler<R, T extends EventType> {
  rows(event: StoredEvent<T>): RowSelector<R>;
  apply(row: R | undefined, event: StoredEvent<T>, id: string): R | undefined;
  /**
   * `apply` builds the rows from the event alone, ignoring what they held: they are given to it as undefined, not
   * read first, and what it returns is written over whatever the table holds.
   */
  replaces?: true;
  /**
   * The columns `apply` sets, from the event alone, on the row if there is one (and no row if there is none): the
   * runner writes them without reading a row the batch has not read anyway. `apply` must do the same.
   */
  patch?(event: StoredEvent<T>): Partial<R>;
  /**
   * The fields of the event's data this handler reads (in `rows`, `apply` and `patch`), when not all of them. A rebuild
   * reads only these of an event whose every handler names them, so large payloads it has no use for (prompts,
   * answers) are not read and parsed; a handler that names none is given the whole event. No handler reads an
   * event's metadata or hashes: a rebuild reads neither.
   */
  reads?: readonly (keyof EventData<T> & string)[];
}

export interface Projection<R extends ReadModelRow> {
  name: string;
  /** The TypeORM entity that stores this read model. */
  entity: new () => R;
  handlers: { [T in EventType]?: ProjectionHandler<R, T> };
}

export function defineProjection<R extends ReadModelRow>(projection: Projection<R>): Projection<R> {
  return projection;
}
