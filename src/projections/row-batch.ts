import type { Projection, ReadModelRow } from './projection';
import type { TableStatements } from './table-statements';

/** A row the batch wrote over without reading it: whatever the table holds is replaced. */
const UNREAD = Symbol('unread');

interface Tracked {
  projection: Projection<ReadModelRow>;
  id: string;
  /** The row as stored when the batch first read it; undefined when there was none. */
  stored: ReadModelRow | undefined | typeof UNREAD;
  /** The row as the batch leaves it; undefined when removed. */
  current: ReadModelRow | undefined;
  /** Columns to set on an unread row, if there is one: the row is read only if a handler asks for it. */
  patch?: Record<string, unknown>;
}

/**
 * The read-model rows one batch of events touches: each read from its table once, kept in memory while the
 * handlers change it, and written back once, with only the columns that changed. Handlers keep the objects they
 * do not change (`{ ...row, version }` keeps `spec`), so an unchanged column is found without serialising it.
 */
export class RowBatch {
  private readonly rows = new Map<string, Tracked>();

  constructor(private readonly tables: (projection: Projection<ReadModelRow>) => TableStatements) {}

  private key(projection: Projection<ReadModelRow>, id: string): string {
    return `${projection.name}\u0000${id}`;
  }

  async get(projection: Projection<ReadModelRow>, id: string): Promise<ReadModelRow | undefined> {
    const known = this.rows.get(this.key(projection, id));
    if (known && !known.patch) return known.current;
    const stored = await this.tables(projection).get(id);
    const current = stored && known?.patch ? ({ ...stored, ...known.patch } as ReadModelRow) : stored;
    this.rows.set(this.key(projection, id), { projection, id, stored, current });
    return current;
  }

  /** Whether the batch has this row as it stands (read, or written whole), so that asking for it costs no read. */
  holds(projection: Projection<ReadModelRow>, id: string): boolean {
    const known = this.rows.get(this.key(projection, id));
    return known !== undefined && !known.patch;
  }

  /** Sets these columns on the row with this id, if there is one, without reading it. */
  patch(projection: Projection<ReadModelRow>, id: string, changes: Record<string, unknown>): void {
    const key = this.key(projection, id);
    const known = this.rows.get(key);
    if (known?.patch) Object.assign(known.patch, changes);
    else this.rows.set(key, { projection, id, stored: UNREAD, current: undefined, patch: { ...changes } });
  }

  /** Reads those of these rows the batch does not know yet, all at once: each statement is a trip to the database. */
  async load(projection: Projection<ReadModelRow>, ids: Iterable<string>): Promise<void> {
    const unknown = [...new Set(ids)].filter((id) => !this.rows.has(this.key(projection, id)));
    if (unknown.length === 0) return;
    const stored = new Map((await this.tables(projection).getMany(unknown)).map((row) => [row.id, row]));
    for (const id of unknown) this.rows.set(this.key(projection, id), { projection, id, stored: stored.get(id), current: stored.get(id) });
  }

  /** Rows matching `where`, as this batch has left them: written first, so the table answers for them too. */
  async where(projection: Projection<ReadModelRow>, where: Partial<ReadModelRow>): Promise<ReadModelRow[]> {
    await this.flush();
    const found = await this.tables(projection).find(where);
    for (const row of found) this.rows.set(this.key(projection, row.id), { projection, id: row.id, stored: row, current: row });
    return found;
  }

  set(projection: Projection<ReadModelRow>, row: ReadModelRow): void {
    const key = this.key(projection, row.id);
    const known = this.rows.get(key);
    this.rows.set(key, { projection, id: row.id, stored: known?.stored, current: row });
  }

  remove(projection: Projection<ReadModelRow>, id: string): void {
    const known = this.rows.get(this.key(projection, id));
    if (known) known.current = undefined;
  }

  /** The row with this id is `row` now, or none, whatever the table held: nothing is read to find out. */
  replace(projection: Projection<ReadModelRow>, id: string, row: ReadModelRow | undefined): void {
    const key = this.key(projection, id);
    const known = this.rows.get(key);
    this.rows.set(key, { projection, id, stored: known ? known.stored : UNREAD, current: row });
  }

  /** Writes what changed since the rows were read, and forgets them. */
  async flush(): Promise<void> {
    const inserts = new Map<Projection<ReadModelRow>, ReadModelRow[]>();
    const upserts = new Map<Projection<ReadModelRow>, ReadModelRow[]>();
    for (const { projection, id, stored, current, patch } of this.rows.values()) {
      const table = this.tables(projection);
      if (patch) {
        await table.update(id, patch);
        continue;
      }
      if (!current) {
        if (stored) await table.delete(id);
        continue;
      }
      if (!stored || stored === UNREAD) {
        const into = stored ? upserts : inserts;
        const rows = into.get(projection);
        if (rows) rows.push(current);
        else into.set(projection, [current]);
        continue;
      }
      const before = stored as unknown as Record<string, unknown>;
      const after = current as unknown as Record<string, unknown>;
      const changed = table.properties.filter((p) => !same(before[p], after[p]));
      if (changed.length > 0) await table.update(current.id, Object.fromEntries(changed.map((p) => [p, after[p]])));
    }
    for (const [projection, rows] of inserts) await this.tables(projection).insert(rows);
    for (const [projection, rows] of upserts) await this.tables(projection).insert(rows, { replace: true });
    this.rows.clear();
  }
}

/** The same value: the same object, or equal plain values; objects a handler rebuilt are compared by content. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
