import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pLimit from 'p-limit';
import { DataSource, type EntityManager, type MixedList, type EntitySchema } from 'typeorm';

export type SynchronousMode = 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';

export interface SqliteDatabaseOptions {
  file: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** The log is the source of truth, so FULL unless the user chooses otherwise. */
  synchronous?: SynchronousMode;
  busyTimeoutMs?: number;
}

/**
 * The embedded SQLite database: one writer connection behind one queue, and one reader connection.
 *
 * TypeORM's sqlite driver shares a single query runner per DataSource, so overlapping transactions on it
 * would interleave (typeorm #1884, #8668); every write therefore goes through `write()`, one at a time,
 * inside `BEGIN IMMEDIATE` so another process holding the file waits on the busy timeout instead of failing
 * mid-transaction. Reads use their own connection and, under WAL, see only committed data.
 */
export class SqliteDatabase {
  private readonly queue = pLimit(1);

  private constructor(
    readonly writer: DataSource,
    readonly reader: DataSource,
  ) {}

  static async open(options: SqliteDatabaseOptions): Promise<SqliteDatabase> {
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
    const common = {
      type: 'sqlite' as const,
      database: options.file,
      entities: options.entities,
      enableWAL: true,
      busyTimeout: options.busyTimeoutMs ?? 5000,
      synchronize: false,
      logging: false,
    };
    const writer = new DataSource({ ...common, migrations: options.migrations, migrationsRun: false });
    await writer.initialize();
    await writer.query(`PRAGMA synchronous = ${options.synchronous ?? 'FULL'}`);
    await writer.runMigrations({ transaction: 'all' });
    const reader = new DataSource(common);
    await reader.initialize();
    return new SqliteDatabase(writer, reader);
  }

  /** Runs `fn` in one write transaction, after every write queued before it; rolls back if it throws. */
  write<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.queue(async () => {
      const runner = this.writer.createQueryRunner();
      await runner.query('BEGIN IMMEDIATE');
      try {
        const result = await fn(runner.manager);
        await runner.query('COMMIT');
        return result;
      } catch (error) {
        await runner.query('ROLLBACK');
        throw error;
      } finally {
        await runner.release();
      }
    });
  }

  async close(): Promise<void> {
    // Wait for queued writes so nothing that was accepted is dropped on shutdown.
    await this.queue(async () => undefined);
    if (this.reader.isInitialized) await this.reader.destroy();
    if (this.writer.isInitialized) await this.writer.destroy();
  }
}
