import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The append-only event log. Triggers refuse UPDATE and DELETE so nothing appended is ever lost by accident. */
export class CreateEventLog1764000000000 implements MigrationInterface {
  name = 'CreateEventLog1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE events (
      global_position INTEGER PRIMARY KEY,
      stream_id TEXT NOT NULL,
      stream_version INTEGER NOT NULL,
      type TEXT NOT NULL,
      schema_version INTEGER NOT NULL,
      data TEXT NOT NULL,
      metadata TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL,
      UNIQUE (stream_id, stream_version)
    )`);
    await q.query('CREATE INDEX idx_events_type ON events (type)');
    await q.query(`CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END`);
    await q.query(`CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE events');
  }
}
