import type { Database, Statement } from 'sqlite3';
import type { SqlStatements } from './sql-statements';

/** What a write statement reports: the rowid it assigned last and how many rows it changed. */
export interface RunResult {
  lastID: number;
  changes: number;
}

/**
 * SQL compiled once and kept for the connection's life, for the statements every append runs. TypeORM prepares,
 * runs and finalizes each query anew; on the hot path that is most of the time a small write takes. The statements
 * run on the same connection as the transaction around them, so they are part of it.
 */
export class PreparedStatements implements SqlStatements {
  private readonly statements = new Map<string, Promise<Statement>>();

  /** SQLITE_MAX_VARIABLE_NUMBER of the SQLite the sqlite3 driver builds in (the default since SQLite 3.32). */
  readonly maxParameters = 32_766;

  constructor(private readonly db: Database) {}

  private prepared(sql: string): Promise<Statement> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = new Promise<Statement>((resolve, reject) => {
        const compiled: Statement = this.db.prepare(sql, (error) => (error ? reject(error) : resolve(compiled)));
      });
      // A statement that does not compile is not kept: the next call reports its error again.
      statement.catch(() => this.statements.delete(sql));
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async run(sql: string, params: readonly unknown[]): Promise<RunResult> {
    const statement = await this.prepared(sql);
    return new Promise<RunResult>((resolve, reject) => {
      statement.run(params, function done(this: RunResult, error: Error | null) {
        if (error) reject(error);
        else resolve({ lastID: this.lastID, changes: this.changes });
      });
    });
  }

  /** Every row; reading to the end leaves the statement reset, holding no lock. */
  async all<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    const statement = await this.prepared(sql);
    return new Promise<T[]>((resolve, reject) => {
      statement.all(params, (error: Error | null, rows: T[]) => (error ? reject(error) : resolve(rows)));
    });
  }

  /** Releases every statement; the connection cannot close while one is open. */
  async finalize(): Promise<void> {
    const all = [...this.statements.values()];
    this.statements.clear();
    await Promise.all(
      all.map((p) =>
        p.then(
          (statement) => new Promise<void>((resolve) => statement.finalize(() => resolve())),
          () => undefined,
        ),
      ),
    );
  }
}
