import type { EntityManager } from 'typeorm';
import type { EventType } from '../events/catalog';
import type { StoredEvent } from '../events/envelope';
import type { Projection, ProjectionHandler, ReadModelRow } from './projection';

/**
 * Applies projections to read-model tables through whatever EntityManager it is given: the append's
 * transaction (inline) or a rebuild's. The handlers are pure; this is the only place that touches the tables.
 */
export class ProjectionRunner {
  constructor(readonly projections: readonly Projection<ReadModelRow>[]) {}

  get entities(): (new () => ReadModelRow)[] {
    return this.projections.map((p) => p.entity);
  }

  async apply(manager: EntityManager, events: readonly StoredEvent[]): Promise<void> {
    for (const event of events) {
      for (const projection of this.projections) {
        const handler = projection.handlers[event.type as EventType] as ProjectionHandler<ReadModelRow, EventType> | undefined;
        if (handler) await this.applyOne(manager, projection, handler, event);
      }
    }
  }

  private async applyOne(
    manager: EntityManager,
    projection: Projection<ReadModelRow>,
    handler: ProjectionHandler<ReadModelRow, EventType>,
    event: StoredEvent,
  ): Promise<void> {
    const repo = manager.getRepository(projection.entity);
    const selector = handler.rows(event as never);
    const targets: [string, ReadModelRow | undefined][] =
      'where' in selector
        ? (await repo.findBy(selector.where as never)).map((row) => [row.id, row])
        : await Promise.all(
            ('id' in selector ? [selector.id] : selector.ids).map(
              async (id) => [id, (await repo.findOneBy({ id })) ?? undefined] as [string, ReadModelRow | undefined],
            ),
          );
    for (const [id, row] of targets) {
      const next = handler.apply(row, event as never, id);
      // Query builders, not save(): save() opens its own transaction, and we are already inside one.
      if (next) await repo.createQueryBuilder().insert().values(next as never).orUpdate(columnsOf(repo), ['id']).execute();
      else if (row) await repo.createQueryBuilder().delete().where('id = :id', { id: row.id }).execute();
    }
  }

  /** Empties every read model and replays the whole log through the same handlers. */
  async rebuild(manager: EntityManager, readAll: (afterPosition: number) => Promise<StoredEvent[]>): Promise<number> {
    for (const projection of this.projections) await manager.getRepository(projection.entity).clear();
    let position = 0;
    let count = 0;
    for (;;) {
      const batch = await readAll(position);
      if (batch.length === 0) return count;
      await this.apply(manager, batch);
      position = batch[batch.length - 1].globalPosition;
      count += batch.length;
    }
  }
}

function columnsOf(repo: ReturnType<EntityManager['getRepository']>): string[] {
  return repo.metadata.columns.filter((c) => !c.isPrimary).map((c) => c.databaseName);
}
