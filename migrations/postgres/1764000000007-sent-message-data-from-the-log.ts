import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A sent message's data (at times an agent's whole answer) is read from its MessageSent event, at the message's
 * `position`, not kept again in `messages.data`; `data_in_event` tells those rows from the ones whose data is
 * made from their event (a question's options, a test run's results) and stays in the column.
 */
export class SentMessageDataFromTheLogPostgres1764000000007 implements MigrationInterface {
  name = 'SentMessageDataFromTheLogPostgres1764000000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE messages ADD COLUMN data_in_event INTEGER NOT NULL DEFAULT 0');
    await q.query("UPDATE messages SET data = NULL, data_in_event = 1 WHERE position IN (SELECT global_position FROM events WHERE type = 'MessageSent')");
  }

  async down(q: QueryRunner): Promise<void> {
    // Parsed here, not by the database's JSON functions, which may write a number with fewer digits.
    const sent = (await q.query('SELECT m.id AS id, e.data AS data FROM messages m JOIN events e ON e.global_position = m.position WHERE m.data_in_event = 1')) as {
      id: string;
      data: string;
    }[];
    for (const { id, data } of sent) {
      const value = (JSON.parse(data) as { data?: unknown }).data ?? null;
      await q.query('UPDATE messages SET data = $1 WHERE id = $2', [value === null ? null : JSON.stringify(value), id]);
    }
    await q.query('ALTER TABLE messages DROP COLUMN data_in_event');
  }
}
