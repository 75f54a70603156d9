import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where a fork came from, on its project row, so lists and pages can say so without reading its stream. */
export class AddForkOrigin1764000000005 implements MigrationInterface {
  name = 'AddForkOrigin1764000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE projects ADD COLUMN forked_from TEXT');
    await q.query('ALTER TABLE projects ADD COLUMN forked_at_version INTEGER');
    // Forks made before the columns existed: their ProjectForked event says it.
    await q.query(`UPDATE projects SET
      forked_from = (SELECT json_extract(e.data, '$.fromProjectId') FROM events e WHERE e.stream_id = projects.id AND e.type = 'ProjectForked'),
      forked_at_version = (SELECT json_extract(e.data, '$.atVersion') FROM events e WHERE e.stream_id = projects.id AND e.type = 'ProjectForked')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE projects DROP COLUMN forked_at_version');
    await q.query('ALTER TABLE projects DROP COLUMN forked_from');
  }
}
