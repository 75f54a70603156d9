import { existsSync, mkdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import pLimit from 'p-limit';
import sqlite3, { type Database } from 'sqlite3';
import { DataSource, type EntityManager, type MixedList, type EntitySchema } from 'typeorm';
import { PreparedStatements } from './prepared-statements';
import type { SqlStatements } from './sql-statements';

/**
 * The sqlite3 module as TypeORM's driver, with `verbose()` a no-op: TypeORM calls it on whatever driver it gets,
 * and the real one wraps every statement of the process in `new Error()` and `util.inspect` of its parameters
 * (1.3–2.5× on the driver alone) to improve stack traces nobody reads.
 */
const QUIET_SQLITE3 = { ...sqlite3, verbose: () => sqlite3 };

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
 * The storage under the log failed — the disk is full, the directory cannot be written, the file is locked —
 * rather than a statement being wrong. The message names the path and the cause, the one line a person needs.
 */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly path: string,
    /** The OS's or SQLite's code: ENOTDIR, EACCES, SQLITE_FULL, SQLITE_BUSY… */
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** SQLite result codes that mean the storage failed, not the statement (a constraint, a trigger's refusal). */
const STORAGE_CODES = new Set([
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
  'SQLITE_CORRUPT',
  'SQLITE_FULL',
  'SQLITE_IOERR',
  'SQLITE_LOCKED',
  'SQLITE_NOMEM',
  'SQLITE_NOTADB',
  'SQLITE_PERM',
  'SQLITE_READONLY',
]);

const OS_CAUSES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is not a directory',
  ENOENT: 'no such file or directory',
  EEXIST: 'a file is in the way',
};

/** `error` as a StorageError about `path` when the storage failed, or null when it is some other failure. */
function storageError(error: unknown, path: string, doing: string): StorageError | null {
  if (error instanceof StorageError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  const message = error instanceof Error ? error.message : String(error);
  if (STORAGE_CODES.has(code)) {
    // The driver says "SQLITE_FULL: …", or "Error: SQLITE_FULL: …" from a statement it compiled earlier.
    return new StorageError(path, code, `cannot ${doing} ${path}: ${message.replace(/^Error: /, '').replace(`${code}: `, '')} (${code})`, { cause: error });
  }
  if (OS_CAUSES[code]) return new StorageError(path, code, `cannot ${doing} ${path}: ${OS_CAUSES[code]} (${code})`, { cause: error });
  return null;
}

/**
 * Creates the data directory and checks that files can be made in it, so that a wrong BOTARMY_DATA_DIR is
 * reported with the OS's reason (SQLite would only say it cannot open the file). The directories are made one
 * by one because Node's recursive mkdir never returns for a path under /proc.
 */
function prepareDirectory(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d) && d !== dirname(d); d = dirname(d)) missing.unshift(d);
  try {
    for (const d of missing) mkdirSync(d);
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    const probe = join(dir, `.botarmy-write-check-${process.pid}`);
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (error) {
    throw storageError(error, dir, 'use the data directory') ?? error;
  }
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

  /** Statements the hot write path keeps compiled on the writer connection; run them only inside `write()`. */
  readonly statements: PreparedStatements;

  /** Statements the frequent reads keep compiled on the reader connection. */
  readonly readStatements: PreparedStatements;

  private constructor(
    readonly file: string,
    readonly writer: DataSource,
    readonly reader: DataSource,
  ) {
    this.statements = new PreparedStatements(connectionOf(writer));
    this.readStatements = new PreparedStatements(connectionOf(reader));
  }

  /** Opens (creating and migrating) the database; a storage failure is a StorageError naming the file. */
  static async open(options: SqliteDatabaseOptions): Promise<SqliteDatabase> {
    if (options.file !== ':memory:') prepareDirectory(dirname(options.file));
    const common = {
      type: 'sqlite' as const,
      driver: QUIET_SQLITE3,
      database: options.file,
      entities: options.entities,
      enableWAL: true,
      busyTimeout: options.busyTimeoutMs ?? 5000,
      synchronize: false,
      logging: false,
    };
    const writer = new DataSource({ ...common, migrations: options.migrations, migrationsRun: false });
    const reader = new DataSource(common);
    try {
      await writer.initialize();
      await writer.query(`PRAGMA synchronous = ${options.synchronous ?? 'FULL'}`);
      await writer.runMigrations({ transaction: 'all' });
      await reader.initialize();
    } catch (error) {
      if (reader.isInitialized) await reader.destroy();
      if (writer.isInitialized) await writer.destroy();
      throw storageError(error, options.file, 'open the database') ?? error;
    }
    return new SqliteDatabase(options.file, writer, reader);
  }

  /**
   * Runs `fn` in one write transaction, after every write queued before it; rolls back if it throws. A failure
   * of the storage (SQLITE_FULL, SQLITE_BUSY…) comes out as a StorageError naming the file.
   */
  write<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.queue(async () => {
      try {
        // On kept statements: TypeORM's query runner would prepare and finalize each anew. Its sqlite driver has one
        // connection, so its manager's queries run inside this transaction all the same.
        await this.statements.run('BEGIN IMMEDIATE', []);
        try {
          const result = await fn(this.writer.manager);
          await this.statements.run('COMMIT', []);
          return result;
        } catch (error) {
          // After a full disk or an I/O error SQLite may already have rolled back, and ROLLBACK then fails with
          // "no transaction is active": the error worth reporting is the first one.
          await this.statements.run('ROLLBACK', []).catch(() => undefined);
          throw error;
        }
      } catch (error) {
        throw storageError(error, this.file, 'write to') ?? error;
      }
    });
  }

  /** Runs `fn` in one write transaction with read-model SQL on the writer's kept statements (a rebuild). */
  transaction<T>(fn: (manager: EntityManager, statements: SqlStatements) => Promise<T>): Promise<T> {
    return this.write((manager) => fn(manager, this.statements));
  }

  async close(): Promise<void> {
    // Wait for queued writes so nothing that was accepted is dropped on shutdown.
    await this.queue(async () => undefined);
    await this.statements.finalize();
    await this.readStatements.finalize();
    if (this.reader.isInitialized) await this.reader.destroy();
    if (this.writer.isInitialized) await this.writer.destroy();
  }
}

const connectionOf = (source: DataSource): Database => (source.driver as unknown as { databaseConnection: Database }).databaseConnection;
