import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * File contents are read from the event that wrote them, not kept twice more in `artifacts` and `artifact_versions`
 * (as `../1764000000011-file-contents-from-the-log.ts` does on SQLite).
 */
export class FileContentsFromTheLogPostgres1764000000005 implements MigrationInterface {
  name = 'FileContentsFromTheLogPostgres1764000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE artifacts DROP COLUMN content');
    await q.query('ALTER TABLE artifact_versions DROP COLUMN content');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE artifact_versions ADD COLUMN content TEXT NOT NULL DEFAULT ''");
    await q.query("ALTER TABLE artifacts ADD COLUMN content TEXT NOT NULL DEFAULT ''");
    // Parsed here, not by the database's JSON functions: a content may hold a NUL, which they cut at or refuse.
    const versions = (await q.query(`SELECT v.id AS id, e.data AS data FROM artifact_versions v
      JOIN events e ON e.stream_id = v.project_id AND e.stream_version = v.stream_version`)) as { id: string; data: string }[];
    for (const { id, data } of versions) {
      await q.query('UPDATE artifact_versions SET content = $1 WHERE id = $2', [(JSON.parse(data) as { content: string }).content, id]);
    }
    await q.query(`UPDATE artifacts SET content = (SELECT v.content FROM artifact_versions v WHERE v.id = artifacts.id || ':' || artifacts.version)`);
    for (const table of ['artifacts', 'artifact_versions']) await q.query(`ALTER TABLE ${table} ALTER COLUMN content SET STORAGE EXTERNAL`);
  }
}
