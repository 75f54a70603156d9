import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only event log on PostgreSQL. Each row keeps the id of the transaction that wrote it, so a reader of
 * the global log can hold back rows of transactions that may still be followed by earlier positions committing
 * late (`pg_snapshot_xmin`). Triggers refuse UPDATE, DELETE and TRUNCATE.
 */
export class CreateEventLogPostgres1764000000000 implements MigrationInterface {
  name = 'CreateEventLogPostgres1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE events (
      global_position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      stream_id TEXT NOT NULL,
      stream_version INTEGER NOT NULL,
      type TEXT NOT NULL,
      schema_version INTEGER NOT NULL,
      data TEXT NOT NULL,
      metadata TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL,
      transaction_id XID8 NOT NULL DEFAULT pg_current_xact_id(),
      UNIQUE (stream_id, stream_version)
    )`);
    await q.query('CREATE INDEX idx_events_type ON events (type)');
    await q.query(`CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the event log is append-only'; END $$`);
    await q.query('CREATE TRIGGER events_append_only_rows BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_append_only()');
    await q.query('CREATE TRIGGER events_append_only_table BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION events_append_only()');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE events');
    await q.query('DROP FUNCTION events_append_only');
  }
}
