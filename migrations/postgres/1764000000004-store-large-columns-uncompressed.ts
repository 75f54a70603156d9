import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read models' large columns (a project's accepted outputs, file contents) are stored out of line without pglz
 * compression: compressing them took a sixth of the server's CPU in a rebuild (390 ms against 330 ms without), and
 * each accepted output compressed the project's whole spec again. Read models are rebuilt from the log at will: the
 * disk compression saves is not worth that.
 */
export class StoreLargeColumnsUncompressedPostgres1764000000004 implements MigrationInterface {
  name = 'StoreLargeColumnsUncompressedPostgres1764000000004';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, column] of LARGE_COLUMNS) await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} SET STORAGE EXTERNAL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, column] of LARGE_COLUMNS) await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} SET STORAGE EXTENDED`);
  }
}

const LARGE_COLUMNS = [
  ['projects', 'spec'],
  ['artifacts', 'content'],
  ['artifact_versions', 'content'],
] as const;
