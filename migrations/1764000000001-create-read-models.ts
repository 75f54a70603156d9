import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read models of projects, messages and actions. They can be dropped and rebuilt from the log at any time. */
export class CreateReadModels1764000000001 implements MigrationInterface {
  name = 'CreateReadModels1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE projects (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      requirements TEXT NOT NULL,
      spec TEXT,
      status TEXT NOT NULL,
      version INTEGER NOT NULL,
      settings TEXT NOT NULL,
      created_position INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`);
    await q.query('CREATE INDEX idx_projects_status ON projects (status, created_position)');
    await q.query('CREATE INDEX idx_projects_created ON projects (created_position)');
    await q.query(`CREATE TABLE messages (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL,
      position INTEGER NOT NULL,
      stream_version INTEGER NOT NULL,
      from_agent TEXT NOT NULL,
      to_agent TEXT NOT NULL,
      type TEXT NOT NULL,
      content TEXT NOT NULL,
      data TEXT,
      status TEXT NOT NULL,
      confidence REAL,
      thread TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      created_at TEXT NOT NULL
    )`);
    await q.query('CREATE INDEX idx_messages_project ON messages (project_id, position)');
    await q.query(`CREATE TABLE actions (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL,
      stream_version INTEGER NOT NULL,
      title TEXT NOT NULL,
      description TEXT NOT NULL,
      priority TEXT NOT NULL,
      status TEXT NOT NULL,
      reason TEXT NOT NULL,
      agent TEXT,
      options TEXT NOT NULL,
      chosen_option_id TEXT,
      response TEXT,
      attachment TEXT,
      created_at TEXT NOT NULL,
      resolved_at TEXT
    )`);
    await q.query('CREATE INDEX idx_actions_project ON actions (project_id, status)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE actions');
    await q.query('DROP TABLE messages');
    await q.query('DROP TABLE projects');
  }
}
