import { Client } from 'pg';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { POSTGRES_MIGRATIONS } from '../../migrations/postgres';
import type { SqlStatements } from './sql-statements';

export interface PostgresDatabaseOptions {
  url: string;
  /** The read models' entities. */
  entities?: (new () => object)[];
  /** Connections in the pool (the driver's default, 10, when unset). */
  poolSize?: number;
}

/** The channel appends notify on: a wake-up hint for other instances, which then read the log. */
export const EVENTS_CHANNEL = 'botarmy_events';

/**
 * A PostgreSQL database through TypeORM's postgres driver: one pool, transactions side by side (PostgreSQL orders
 * them, so there is no writer queue as on SQLite), its own migrations run at open. Work holding a pooled
 * connection never waits for a second one: with every connection held that way, the pool would wait forever.
 */
export class PostgresDatabase {
  /** Reads with `?` placeholders, each on whichever pooled connection is free. */
  readonly readStatements: SqlStatements;

  private constructor(
    readonly dataSource: DataSource,
    private readonly url: string,
  ) {
    this.readStatements = new PoolStatements(dataSource);
  }

  static async open(options: PostgresDatabaseOptions): Promise<PostgresDatabase> {
    const dataSource = new DataSource({
      type: 'postgres',
      url: options.url,
      entities: options.entities ?? [],
      migrations: POSTGRES_MIGRATIONS,
      synchronize: false,
      logging: false,
      ...(options.poolSize ? { poolSize: options.poolSize } : {}),
    });
    await dataSource.initialize();
    try {
      await migrateAlone(dataSource);
    } catch (error) {
      await dataSource.destroy();
      throw error;
    }
    return new PostgresDatabase(dataSource, options.url);
  }

  /** Hears notifications on `channel` on a connection of its own; the returned function stops listening. */
  async listen(channel: string, onNotice: () => void): Promise<() => Promise<void>> {
    const client = new Client({ connectionString: this.url });
    await client.connect();
    client.on('notification', () => onNotice());
    // A lost connection only loses hints: the follower still polls.
    client.on('error', () => undefined);
    await client.query(`LISTEN ${channel}`);
    return () => client.end();
  }

  /** Read models are read through the same pool: PostgreSQL shows each reader only committed rows. */
  get reader(): DataSource {
    return this.dataSource;
  }


  /** Runs `fn` in one transaction, with read-model SQL on its connection; rolls back if it throws. */
  transaction<T>(fn: (manager: EntityManager, statements: SqlStatements) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => fn(manager, new TransactionStatements(manager.queryRunner!)));
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** The advisory lock instances take to migrate one at a time ("BOTARMY" in ASCII). */
const MIGRATION_LOCK = 0x424f5441524d59;

/** Instances starting together would race to create the same tables: each migrates under a session lock, in turn. */
async function migrateAlone(dataSource: DataSource): Promise<void> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await dataSource.runMigrations({ transaction: 'all' });
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await lock.release();
  }
}

/** PostgreSQL's wire protocol counts a statement's parameters in 16 bits. */
const MAX_PARAMETERS = 65_535;

/**
 * A transaction's connection, taking SQL with `?` placeholders as the read models write it. A connection runs one
 * query at a time (pg refuses overlapping ones from its next version on), so queries asked for together wait in turn.
 */
export class TransactionStatements implements SqlStatements {
  readonly maxParameters = MAX_PARAMETERS;
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly runner: QueryRunner) {}

  all<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    return this.inTurn(() => this.runner.query(numbered(sql), [...params]) as Promise<T[]>);
  }

  run(sql: string, params: readonly unknown[]): Promise<unknown> {
    return this.inTurn(() => this.runner.query(numbered(sql), [...params]));
  }

  private inTurn<T>(query: () => Promise<T>): Promise<T> {
    const next = this.last.then(query, query);
    this.last = next.catch(() => undefined);
    return next;
  }
}

/** SQL with `?` placeholders on the pool, outside any transaction: each query takes a connection and gives it back. */
class PoolStatements implements SqlStatements {
  readonly maxParameters = MAX_PARAMETERS;

  constructor(private readonly dataSource: DataSource) {}

  all<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    return this.dataSource.query(numbered(sql), [...params]) as Promise<T[]>;
  }

  run(sql: string, params: readonly unknown[]): Promise<unknown> {
    return this.dataSource.query(numbered(sql), [...params]);
  }
}

/** `?` placeholders as PostgreSQL numbers them; the read models' SQL has no `?` anywhere else. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
