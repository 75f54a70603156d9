import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { canonicalJson } from '../events/canonical-json';
import type { Projection, ReadModelRow } from '../projections/projection';

/** Columns that depend on where the events sit in one database's global log, not on the project itself. */
const POSITIONAL = new Set(['createdPosition', 'position']);

/**
 * A sha256 over every read-model row of one project, in a canonical form, so two databases can be compared:
 * after an export and import, both sides print the same digest.
 */
export async function readModelDigest(db: DataSource, projections: readonly Projection<ReadModelRow>[], projectId: string): Promise<{ digest: string; rows: number }> {
  const tables: Record<string, unknown[]> = {};
  let rows = 0;
  for (const projection of projections) {
    const repo = db.getRepository(projection.entity);
    const hasProjectId = repo.metadata.columns.some((c) => c.propertyName === 'projectId');
    const found = await repo.find({ where: (hasProjectId ? { projectId } : { id: projectId }) as never, order: { id: 'ASC' } as never });
    rows += found.length;
    tables[projection.name] = found.map((row) =>
      Object.fromEntries(Object.entries(row as unknown as Record<string, unknown>).filter(([k]) => !POSITIONAL.has(k))),
    );
  }
  return { digest: createHash('sha256').update(canonicalJson(tables)).digest('hex'), rows };
}
