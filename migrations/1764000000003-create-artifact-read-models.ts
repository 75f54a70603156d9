import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Artifacts (latest version and every version) and test runs per project. */
export class CreateArtifactReadModels1764000000003 implements MigrationInterface {
  name = 'CreateArtifactReadModels1764000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE artifact_versions (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL,
      path TEXT NOT NULL,
      version INTEGER NOT NULL,
      content TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      size INTEGER NOT NULL,
      agent TEXT NOT NULL,
      step_id TEXT NOT NULL,
      stream_version INTEGER NOT NULL,
      created_at TEXT NOT NULL
    )`);
    await q.query('CREATE UNIQUE INDEX idx_artifact_versions_path ON artifact_versions (project_id, path, version)');
    await q.query(`CREATE TABLE artifacts (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL,
      path TEXT NOT NULL,
      version INTEGER NOT NULL,
      content TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      size INTEGER NOT NULL,
      agent TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`);
    await q.query('CREATE INDEX idx_artifacts_project ON artifacts (project_id, path)');
    await q.query(`CREATE TABLE test_runs (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL,
      round INTEGER NOT NULL,
      status TEXT NOT NULL,
      command TEXT,
      exit_code INTEGER,
      signal TEXT,
      timed_out INTEGER,
      passed INTEGER,
      failed INTEGER,
      skipped INTEGER,
      duration_ms REAL,
      output TEXT,
      tests TEXT,
      started_at TEXT NOT NULL,
      completed_at TEXT
    )`);
    await q.query('CREATE INDEX idx_test_runs_project ON test_runs (project_id, round)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE test_runs');
    await q.query('DROP TABLE artifacts');
    await q.query('DROP TABLE artifact_versions');
  }
}
