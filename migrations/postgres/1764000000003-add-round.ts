import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The round a project is in (1 from its requirements, one more for each change a person asked for after it ended) and those changes. */
export class AddRoundPostgres1764000000003 implements MigrationInterface {
  name = 'AddRoundPostgres1764000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE projects ADD COLUMN round INTEGER NOT NULL DEFAULT 1');
    await q.query("ALTER TABLE projects ADD COLUMN changes TEXT NOT NULL DEFAULT '[]'");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE projects DROP COLUMN changes');
    await q.query('ALTER TABLE projects DROP COLUMN round');
  }
}
