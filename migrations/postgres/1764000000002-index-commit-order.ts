import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A follower of the log reads in commit order, by (transaction, position): positions are handed out before commit,
 * so position order alone can pass over a row that commits late.
 */
export class IndexCommitOrderPostgres1764000000002 implements MigrationInterface {
  name = 'IndexCommitOrderPostgres1764000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX idx_events_commit_order ON events (transaction_id, global_position)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX idx_events_commit_order');
  }
}
