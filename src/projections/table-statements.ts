import type { DataSource } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

import type { SqlStatements } from '../events/sql-statements';
import type { ReadModelRow } from './projection';


/**
 * One read-model table's reads and writes as plain SQL, derived once from the entity's metadata, with TypeORM's own
 * conversion of each column (JSON, booleans, transformers) for the database at hand. Inline projections run on
 * every append, where building each query anew through TypeORM's query builder cost more than the database's work.
 */
export class TableStatements {
  private readonly table: string;
  private readonly columns: readonly ColumnMetadata[];
  private readonly byProperty: ReadonlyMap<string, ColumnMetadata>;
  private readonly list: string;
  /** What makes an INSERT write over a row whose id is taken (SQLite and PostgreSQL say it alike). */
  private readonly overwrite: string;
  /** Per column, in order: its property and how its value is stored (null when as it is). */
  private readonly storing: readonly (readonly [string, ((value: unknown) => unknown) | null])[];
  /** Per count of rows, the INSERT and the INSERT that writes over: the same text every time, built once. */
  private readonly insertSql = new Map<number, string>();
  private readonly overwriteSql = new Map<number, string>();

  constructor(
    private readonly connection: DataSource,
    private readonly statements: SqlStatements,
    entity: new () => ReadModelRow,
  ) {
    const metadata = connection.getMetadata(entity);
    this.table = quote(metadata.tableName);
    this.columns = metadata.columns;
    this.byProperty = new Map(metadata.columns.map((c) => [c.propertyName, c]));
    this.list = this.columns.map((c) => quote(c.databaseName)).join(', ');
    const key = this.column('id').databaseName;
    const others = this.columns.filter((c) => !c.isPrimary).map((c) => `${quote(c.databaseName)} = excluded.${quote(c.databaseName)}`);
    this.overwrite = ` ON CONFLICT (${quote(key)}) DO UPDATE SET ${others.join(', ')}`;
    this.storing = this.columns.map((c) => [c.propertyName, storedAsItIs(c) ? null : (value: unknown) => this.persistent(c, value)] as const);
  }

  async get(id: string): Promise<ReadModelRow | undefined> {
    const [row] = await this.find({ id });
    return row;
  }

  /**
   * The rows with these ids that exist, in no particular order, a few statements for any number of ids. Each list
   * is padded to a power of two by repeating its last id, so a handful of compiled statements serve every count.
   */
  async getMany(ids: readonly string[]): Promise<ReadModelRow[]> {
    const key = this.column('id');
    const found: ReadModelRow[] = [];
    for (let from = 0; from < ids.length; from += MAX_IDS) {
      const chunk = ids.slice(from, from + MAX_IDS);
      const padded = [...chunk, ...Array<string>(2 ** Math.ceil(Math.log2(chunk.length)) - chunk.length).fill(chunk[chunk.length - 1])];
      const raw = await this.statements.all<Record<string, unknown>>(
        `SELECT ${this.list} FROM ${this.table} WHERE ${quote(key.databaseName)} IN (${padded.map(() => '?').join(', ')})`,
        padded.map((id) => this.persistent(key, id)),
      );
      found.push(...raw.map((r) => this.hydrated(r)));
    }
    return found;
  }

  /** Rows whose columns equal these values. */
  async find(where: Partial<ReadModelRow>): Promise<ReadModelRow[]> {
    const entries = Object.entries(where).map(([property, value]) => [this.column(property), value] as const);
    const condition = entries.map(([c]) => `${quote(c.databaseName)} = ?`).join(' AND ');
    const raw = await this.statements.all<Record<string, unknown>>(
      `SELECT ${this.list} FROM ${this.table}${condition ? ` WHERE ${condition}` : ''}`,
      entries.map(([c, value]) => this.persistent(c, value)),
    );
    return raw.map((r) => this.hydrated(r));
  }

  /**
   * Many rows to a statement, within the database's bound parameters: each statement is a trip to the database. A
   * bound on the rows keeps the statements the connection compiles and keeps, one per count of rows, few and small.
   * With `replace`, a row whose id is taken is written over.
   */
  async insert(rows: readonly ReadModelRow[], { replace = false } = {}): Promise<void> {
    const perStatement = this.rowsPerStatement;
    const storing = this.storing;
    for (let from = 0; from < rows.length; from += perStatement) {
      const to = Math.min(rows.length, from + perStatement);
      // A rebuild binds some hundred thousand values: built in plain loops, each column's conversion chosen once.
      const values: unknown[] = [];
      for (let r = from; r < to; r++) {
        const row = rows[r] as unknown as Record<string, unknown>;
        for (const [property, store] of storing) values.push(store ? store(row[property]) : row[property]);
      }
      await this.statements.run(this.insertStatement(to - from, replace), values);
    }
  }

  private insertStatement(count: number, replace: boolean): string {
    const cache = replace ? this.overwriteSql : this.insertSql;
    let sql = cache.get(count);
    if (sql === undefined) {
      const placeholders = `(${this.columns.map(() => '?').join(', ')})`;
      sql = `INSERT INTO ${this.table} (${this.list}) VALUES ${Array<string>(count).fill(placeholders).join(', ')}${replace ? this.overwrite : ''}`;
      cache.set(count, sql);
    }
    return sql;
  }

  /** The most rows `insert` writes with one statement. */
  get rowsPerStatement(): number {
    return Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(this.statements.maxParameters / this.columns.length)));
  }

  /** Writes these properties of the row with this id. */
  async update(id: string, changes: Record<string, unknown>): Promise<void> {
    const set = Object.entries(changes).map(([property, value]) => [this.column(property), value] as const);
    await this.statements.run(
      `UPDATE ${this.table} SET ${set.map(([c]) => `${quote(c.databaseName)} = ?`).join(', ')} WHERE ${quote(this.column('id').databaseName)} = ?`,
      [...set.map(([c, value]) => this.persistent(c, value)), id],
    );
  }

  async delete(id: string): Promise<void> {
    await this.statements.run(`DELETE FROM ${this.table} WHERE ${quote(this.column('id').databaseName)} = ?`, [id]);
  }

  /** The columns other than the key, by property: what an update compares. */
  get properties(): string[] {
    return this.columns.filter((c) => !c.isPrimary).map((c) => c.propertyName);
  }

  private column(property: string): ColumnMetadata {
    const column = this.byProperty.get(property);
    if (!column) throw new Error(`${this.table} has no column for ${property}`);
    return column;
  }

  private persistent(column: ColumnMetadata, value: unknown): unknown {
    return this.connection.driver.preparePersistentValue(value, column);
  }

  private hydrated(raw: Record<string, unknown>): ReadModelRow {
    const row: Record<string, unknown> = {};
    for (const c of this.columns) row[c.propertyName] = this.connection.driver.prepareHydratedValue(raw[c.databaseName], c);
    return row as unknown as ReadModelRow;
  }
}

const ROWS_PER_STATEMENT = 128;

/**
 * Column types both drivers store as the value itself (TypeORM's conversion returns it unchanged when there is no
 * transformer): text and numbers. JSON, booleans and dates go through the driver.
 */
const AS_IT_IS = new Set<unknown>(['text', 'integer', 'real', 'varchar', 'int', 'double precision', String, Number]);

function storedAsItIs(column: ColumnMetadata): boolean {
  return !column.transformer && AS_IT_IS.has(column.type);
}

/** Ids a statement looks up at most: a power of two within SQLite's 999 bound parameters. */
const MAX_IDS = 512;

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;
