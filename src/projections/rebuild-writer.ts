import type { Projection, ReadModelRow } from './projection';
import type { TableStatements } from './table-statements';

/**
 * A rebuild's writes into the tables it emptied. Settled rows are inserted a whole statement's worth at a time; a row
 * the fold changed after it settled is written over, or deleted. The tables hold only what this writer put there, so
 * it knows what they hold without reading them.
 */
export class RebuildWriter {
  /** Per read model, the ids of the rows in its table or waiting to be. */
  private readonly stored = new Map<Projection<ReadModelRow>, Set<string>>();
  /** Per read model, new rows waiting until they fill a statement. */
  private readonly waiting = new Map<Projection<ReadModelRow>, ReadModelRow[]>();

  constructor(private readonly tables: (projection: Projection<ReadModelRow>) => TableStatements) {}

  /** Makes the table hold these rows as they are now; a row given as undefined is removed. */
  async write(projection: Projection<ReadModelRow>, rows: readonly (readonly [string, ReadModelRow | undefined])[]): Promise<void> {
    const table = this.tables(projection);
    const stored = this.of(this.stored, projection, () => new Set<string>());
    const waiting = this.of(this.waiting, projection, () => []);
    const overwritten: ReadModelRow[] = [];
    const removed: string[] = [];
    for (const [id, row] of rows) {
      if (stored.has(id)) {
        if (row) overwritten.push(row);
        else {
          removed.push(id);
          stored.delete(id);
        }
      } else if (row) {
        waiting.push(row);
        stored.add(id);
      }
    }
    // A row written over or deleted may still be waiting to be inserted.
    const full = overwritten.length > 0 || removed.length > 0 ? waiting.length : waiting.length - (waiting.length % table.rowsPerStatement);
    await table.insert(waiting.splice(0, full));
    if (overwritten.length > 0) await table.insert(overwritten, { replace: true });
    for (const id of removed) await table.delete(id);
  }

  /** Inserts the rows still waiting. */
  async finish(): Promise<void> {
    for (const [projection, waiting] of this.waiting) await this.tables(projection).insert(waiting.splice(0));
  }

  private of<V>(map: Map<Projection<ReadModelRow>, V>, projection: Projection<ReadModelRow>, create: () => V): V {
    let value = map.get(projection);
    if (value === undefined) {
      value = create();
      map.set(projection, value);
    }
    return value;
  }
}
