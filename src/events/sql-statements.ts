/**
 * Where read-model SQL runs inside a write: the writer's kept statements on SQLite, the transaction's connection on
 * PostgreSQL. SQL comes with `?` placeholders.
 */
export interface SqlStatements {
  /** The most values one statement may bind: many rows to a statement make fewer trips to the database. */
  readonly maxParameters: number;
  all<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
  run(sql: string, params: readonly unknown[]): Promise<unknown>;
}
