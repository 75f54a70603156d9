import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What each agent's calls cost in dollars, and the dollars a person granted beyond a spend budget. */
export class AddCosts1764000000008 implements MigrationInterface {
  name = 'AddCosts1764000000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE agents ADD COLUMN cost_usd REAL NOT NULL DEFAULT 0');
    await q.query('ALTER TABLE actions ADD COLUMN granted_usd REAL');
    // Agents recorded before costs: their calls' costs are in the log.
    await q.query(`UPDATE agents SET cost_usd = COALESCE((SELECT SUM(json_extract(e.data, '$.costUsd')) FROM events e
      WHERE e.stream_id = agents.project_id AND e.type = 'LlmCallCompleted' AND json_extract(e.data, '$.agent') = agents.agent), 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE actions DROP COLUMN granted_usd');
    await q.query('ALTER TABLE agents DROP COLUMN cost_usd');
  }
}
