import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * File contents are read from the event that wrote them (ArtifactWritten or ArtifactEditedByPerson: the version's
 * `stream_version` in its project's stream), not kept twice more in `artifacts` and `artifact_versions`. A rebuild
 * wrote each file three times (the log, both tables); the queries answer the same text from the log.
 */
export class FileContentsFromTheLog1764000000011 implements MigrationInterface {
  name = 'FileContentsFromTheLog1764000000011';

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
      await q.query('UPDATE artifact_versions SET content = ? WHERE id = ?', [(JSON.parse(data) as { content: string }).content, id]);
    }
    await q.query(`UPDATE artifacts SET content = (SELECT v.content FROM artifact_versions v WHERE v.id = artifacts.id || ':' || artifacts.version)`);
  }
}
