import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Answers that say what they did: the tokens a person granted with "Continue", and what a person accepted short of
 * done when a project completed, so its page does not show a plain success.
 */
export class AddAnswerDetails1764000000006 implements MigrationInterface {
  name = 'AddAnswerDetails1764000000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE projects ADD COLUMN warnings TEXT');
    await q.query('ALTER TABLE actions ADD COLUMN granted_tokens INTEGER');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE actions DROP COLUMN granted_tokens');
    await q.query('ALTER TABLE projects DROP COLUMN warnings');
  }
}
