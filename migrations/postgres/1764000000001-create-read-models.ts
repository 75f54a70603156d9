import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read models as SQLite's migrations leave them, in PostgreSQL's types: amounts and confidences in double
 * precision (PostgreSQL's REAL would round them), yes/no columns as BOOLEAN. They are rebuilt from the log, so one
 * migration holds them all.
 */
export class CreateReadModelsPostgres1764000000001 implements MigrationInterface {
  name = 'CreateReadModelsPostgres1764000000001';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE projects (id TEXT PRIMARY KEY, name TEXT NOT NULL, requirements TEXT NOT NULL, spec TEXT, status TEXT NOT NULL,
        version INTEGER NOT NULL, settings TEXT NOT NULL, created_position INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        forked_from TEXT, forked_at_version INTEGER, warnings TEXT, paused_before TEXT)`,
      'CREATE INDEX idx_projects_status ON projects (status, created_position)',
      'CREATE INDEX idx_projects_created ON projects (created_position)',
      `CREATE TABLE messages (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, position INTEGER NOT NULL, stream_version INTEGER NOT NULL,
        from_agent TEXT NOT NULL, to_agent TEXT NOT NULL, type TEXT NOT NULL, content TEXT NOT NULL, data TEXT, status TEXT NOT NULL,
        confidence DOUBLE PRECISION, thread TEXT NOT NULL, attempt INTEGER NOT NULL, created_at TEXT NOT NULL)`,
      'CREATE INDEX idx_messages_project ON messages (project_id, position)',
      `CREATE TABLE actions (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, stream_version INTEGER NOT NULL, title TEXT NOT NULL,
        description TEXT NOT NULL, priority TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL, agent TEXT, options TEXT NOT NULL,
        chosen_option_id TEXT, response TEXT, attachment TEXT, created_at TEXT NOT NULL, resolved_at TEXT, granted_tokens INTEGER,
        granted_usd DOUBLE PRECISION)`,
      'CREATE INDEX idx_actions_project ON actions (project_id, status)',
      `CREATE TABLE agents (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, agent TEXT NOT NULL, position INTEGER NOT NULL, status TEXT NOT NULL,
        current_task TEXT, attempt INTEGER NOT NULL, prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, llm_calls INTEGER NOT NULL,
        failed_calls INTEGER NOT NULL, last_confidence DOUBLE PRECISION, last_error TEXT, updated_at TEXT NOT NULL,
        cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0)`,
      'CREATE INDEX idx_agents_project ON agents (project_id, position)',
      `CREATE TABLE artifact_versions (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, path TEXT NOT NULL, version INTEGER NOT NULL,
        content TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL, agent TEXT NOT NULL, step_id TEXT NOT NULL,
        stream_version INTEGER NOT NULL, created_at TEXT NOT NULL)`,
      'CREATE UNIQUE INDEX idx_artifact_versions_path ON artifact_versions (project_id, path, version)',
      `CREATE TABLE artifacts (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, path TEXT NOT NULL, version INTEGER NOT NULL, content TEXT NOT NULL,
        sha256 TEXT NOT NULL, size INTEGER NOT NULL, agent TEXT NOT NULL, updated_at TEXT NOT NULL)`,
      'CREATE INDEX idx_artifacts_project ON artifacts (project_id, path)',
      `CREATE TABLE test_runs (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, round INTEGER NOT NULL, status TEXT NOT NULL, command TEXT,
        exit_code INTEGER, signal TEXT, timed_out BOOLEAN, passed INTEGER, failed INTEGER, skipped INTEGER, duration_ms DOUBLE PRECISION,
        output TEXT, tests TEXT, started_at TEXT NOT NULL, completed_at TEXT)`,
      'CREATE INDEX idx_test_runs_project ON test_runs (project_id, round)',
      `CREATE TABLE coverage (id TEXT PRIMARY KEY, stories TEXT NOT NULL, criteria TEXT NOT NULL, implementations TEXT NOT NULL, tests TEXT,
        mutants TEXT, accepted_with TEXT NOT NULL, awaiting_acceptance TEXT NOT NULL)`,
      `CREATE TABLE mutation_runs (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, round INTEGER NOT NULL, status TEXT NOT NULL, tool TEXT,
        duration_ms DOUBLE PRECISION, budget_ms INTEGER, budget_exceeded BOOLEAN, created INTEGER, killed INTEGER, survived INTEGER,
        timed_out INTEGER, score DOUBLE PRECISION, error TEXT, started_at TEXT NOT NULL, completed_at TEXT)`,
      'CREATE INDEX idx_mutation_runs_project ON mutation_runs (project_id, round)',
      'CREATE TABLE endpoint_modes (id TEXT PRIMARY KEY, endpoint TEXT NOT NULL, model TEXT NOT NULL, mode TEXT NOT NULL, probed_at TEXT NOT NULL)',
      'CREATE INDEX idx_endpoint_modes_endpoint ON endpoint_modes (endpoint)',
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['endpoint_modes', 'mutation_runs', 'coverage', 'test_runs', 'artifacts', 'artifact_versions', 'agents', 'actions', 'messages', 'projects']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
