import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The agent a paused project stopped before, so its page can say where it stands and what resuming starts. */
export class AddPausedBefore1764000000007 implements MigrationInterface {
  name = 'AddPausedBefore1764000000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE projects ADD COLUMN paused_before TEXT');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE projects DROP COLUMN paused_before');
  }
}
