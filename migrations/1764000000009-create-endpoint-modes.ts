import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The way each server and model takes JSON requests, as last probed, so a restart does not probe again. */
export class CreateEndpointModes1764000000009 implements MigrationInterface {
  name = 'CreateEndpointModes1764000000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE endpoint_modes (id TEXT PRIMARY KEY, endpoint TEXT NOT NULL, model TEXT NOT NULL, mode TEXT NOT NULL, probed_at TEXT NOT NULL)');
    await q.query('CREATE INDEX idx_endpoint_modes_endpoint ON endpoint_modes (endpoint)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE endpoint_modes');
  }
}
