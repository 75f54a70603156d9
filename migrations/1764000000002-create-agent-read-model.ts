import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Agent status and token usage per project and agent. */
export class CreateAgentReadModel1764000000002 implements MigrationInterface {
  name = 'CreateAgentReadModel1764000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE agents (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL,
      agent TEXT NOT NULL,
      position INTEGER NOT NULL,
      status TEXT NOT NULL,
      current_task TEXT,
      attempt INTEGER NOT NULL,
      prompt_tokens INTEGER NOT NULL,
      completion_tokens INTEGER NOT NULL,
      llm_calls INTEGER NOT NULL,
      failed_calls INTEGER NOT NULL,
      last_confidence REAL,
      last_error TEXT,
      updated_at TEXT NOT NULL
    )`);
    await q.query('CREATE INDEX idx_agents_project ON agents (project_id, position)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE agents');
  }
}
