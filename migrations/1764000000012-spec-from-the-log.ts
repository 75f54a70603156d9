import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A project's accepted outputs are read from the events that accepted (or edited) them, which `spec_versions`
 * names by stream version, agent by agent in the order `spec` had them; `spec` (tens of kB a project, written
 * again on each output) goes. The output an agent's key holds is the one its last AgentOutputAccepted or
 * AgentOutputEdited set: a later one sets the key again, and a retry or an edit only removes keys.
 */
export class SpecFromTheLog1764000000012 implements MigrationInterface {
  name = 'SpecFromTheLog1764000000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE projects ADD COLUMN spec_versions TEXT');
    const projects = (await q.query('SELECT id, spec FROM projects WHERE spec IS NOT NULL')) as { id: string; spec: string }[];
    for (const { id, spec } of projects) {
      const last = new Map<string, number>();
      const events = (await q.query(
        `SELECT stream_version, data FROM events WHERE stream_id = ? AND type IN ('AgentOutputAccepted', 'AgentOutputEdited') ORDER BY stream_version`,
        [id],
      )) as { stream_version: number; data: string }[];
      for (const e of events) last.set((JSON.parse(e.data) as { agent: string }).agent, Number(e.stream_version));
      const versions: Record<string, number> = {};
      for (const agent of Object.keys(JSON.parse(spec) as object)) {
        const version = last.get(agent);
        if (version === undefined) throw new Error(`project ${id}: no event in its log holds the ${agent}'s output its read model shows`);
        versions[agent] = version;
      }
      await q.query('UPDATE projects SET spec_versions = ? WHERE id = ?', [Object.keys(versions).length ? JSON.stringify(versions) : null, id]);
    }
    await q.query('ALTER TABLE projects DROP COLUMN spec');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE projects ADD COLUMN spec TEXT');
    const projects = (await q.query('SELECT id, spec_versions FROM projects WHERE spec_versions IS NOT NULL')) as { id: string; spec_versions: string }[];
    for (const { id, spec_versions } of projects) {
      const spec: Record<string, unknown> = {};
      for (const [agent, version] of Object.entries(JSON.parse(spec_versions) as Record<string, number>)) {
        const [row] = (await q.query('SELECT data FROM events WHERE stream_id = ? AND stream_version = ?', [id, version])) as { data: string }[];
        spec[agent] = (JSON.parse(row.data) as { output: unknown }).output;
      }
      await q.query('UPDATE projects SET spec = ? WHERE id = ?', [JSON.stringify(spec), id]);
    }
    await q.query('ALTER TABLE projects DROP COLUMN spec_versions');
  }
}
