import type { DataSource } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { SqlStatements } from '../events/sql-statements';
import { ProjectRow, type ProjectStatus } from './project-projection';

/**
 * The project list's page and count as plain SQL, compiled once on the reader: building each page anew through
 * TypeORM's query builder cost more than SQLite's work on it. Every column (`spec` is none: a list reads it from the
 * log only for a project asked for it); values converted by TypeORM's driver, as its own reads do.
 */
export class ProjectList {
  private readonly columns: readonly ColumnMetadata[];
  private readonly list: string;

  constructor(
    private readonly connection: DataSource,
    private readonly statements: SqlStatements,
  ) {
    this.columns = connection.getMetadata(ProjectRow).columns;
    this.list = this.columns.map((c) => c.databaseName).join(', ');
  }

  /** Newest first: up to `limit` projects created before the position `before`, and how many match in all. */
  async page(options: { status?: ProjectStatus; before?: number; limit: number }): Promise<{ rows: ProjectRow[]; total: number }> {
    const byStatus = options.status !== undefined ? ['status = ?'] : [];
    const conditions = [...byStatus, ...(options.before !== undefined ? ['created_position < ?'] : [])];
    const statusParams = options.status !== undefined ? [options.status] : [];
    const [raw, [count]] = await Promise.all([
      this.statements.all<Record<string, unknown>>(
        `SELECT ${this.list} FROM projects${where(conditions)} ORDER BY created_position DESC LIMIT ?`,
        [...statusParams, ...(options.before !== undefined ? [options.before] : []), options.limit],
      ),
      this.statements.all<{ n: number | string }>(`SELECT COUNT(*) AS n FROM projects${where(byStatus)}`, statusParams),
    ]);
    return { rows: raw.map((r) => this.hydrated(r)), total: Number(count.n) };
  }

  private hydrated(raw: Record<string, unknown>): ProjectRow {
    const row: Record<string, unknown> = {};
    for (const c of this.columns) row[c.propertyName] = this.connection.driver.prepareHydratedValue(raw[c.databaseName], c);
    return row as unknown as ProjectRow;
  }
}

const where = (conditions: readonly string[]): string => (conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '');
