import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Proof per project: the evidence coverage is judged from, and the mutation runs with their counts. */
export class CreateProofReadModels1764000000004 implements MigrationInterface {
  name = 'CreateProofReadModels1764000000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE coverage (
      id TEXT PRIMARY KEY,
      stories TEXT NOT NULL,
      criteria TEXT NOT NULL,
      implementations TEXT NOT NULL,
      tests TEXT,
      mutants TEXT,
      accepted_with TEXT NOT NULL,
      awaiting_acceptance TEXT NOT NULL
    )`);
    await q.query(`CREATE TABLE mutation_runs (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL,
      round INTEGER NOT NULL,
      status TEXT NOT NULL,
      tool TEXT,
      duration_ms REAL,
      budget_ms INTEGER,
      budget_exceeded INTEGER,
      created INTEGER,
      killed INTEGER,
      survived INTEGER,
      timed_out INTEGER,
      score REAL,
      error TEXT,
      started_at TEXT NOT NULL,
      completed_at TEXT
    )`);
    await q.query('CREATE INDEX idx_mutation_runs_project ON mutation_runs (project_id, round)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE mutation_runs');
    await q.query('DROP TABLE coverage');
  }
}
