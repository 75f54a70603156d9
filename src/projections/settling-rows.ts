/**
 * The rows a rebuild's fold has stopped changing: those no event of the last batch read touched. A project's events
 * mostly lie together in the log, so its rows settle soon after its last event and can be written while the fold reads
 * on, once each; a row that changes again after it settled settles again later, and is written again then.
 */
export class SettlingRows {
  private batch = 0;
  /** Per read model, the rows changed since they last settled, each with the batch that changed it last. */
  private readonly unsettled = new Map<string, Map<string, number>>();

  /** A handler wrote or removed this row. */
  changed(name: string, id: string): void {
    let rows = this.unsettled.get(name);
    if (!rows) {
      rows = new Map();
      this.unsettled.set(name, rows);
    }
    rows.set(id, this.batch);
  }

  /** Ends a batch of events: the ids of the rows changed before it and not in it, by read model. */
  endBatch(): Map<string, string[]> {
    const before = this.batch++;
    return this.take((changedIn) => changedIn < before);
  }

  /** The ids of every row changed since it last settled: what is left once the whole log is folded. */
  rest(): Map<string, string[]> {
    return this.take(() => true);
  }

  private take(settles: (changedIn: number) => boolean): Map<string, string[]> {
    const settled = new Map<string, string[]>();
    for (const [name, rows] of this.unsettled) {
      const ids: string[] = [];
      for (const [id, changedIn] of rows) {
        if (!settles(changedIn)) continue;
        ids.push(id);
        rows.delete(id);
      }
      if (ids.length > 0) settled.set(name, ids);
    }
    return settled;
  }
}
