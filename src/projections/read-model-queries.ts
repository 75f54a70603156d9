import { type DataSource, MoreThan } from 'typeorm';
import { In } from 'typeorm';
import { ActionRow, type ActionStatus } from './action-projection';
import { AgentRow } from './agent-projection';
import { ArtifactRow } from './artifact-projection';
import { ArtifactVersionRow } from './artifact-version-projection';
import { CoverageRow } from './coverage-projection';
import { MutationRunRow } from './mutation-run-projection';
import { TestRunRow } from './test-run-projection';
import { MessageRow } from './message-projection';
import { EndpointModeRow } from './endpoint-mode-projection';
import { ProjectRow, type ProjectStatus } from './project-projection';
import { ProjectList } from './project-list';
import type { SqlStatements } from '../events/sql-statements';

export interface Page<T> {
  items: { cursor: string; node: T }[];
  hasNextPage: boolean;
  totalCount: number;
}

/** Opaque cursors over the log position that orders each list. */
export function encodeCursor(position: number): string {
  return Buffer.from(`p:${position}`).toString('base64url');
}

export function decodeCursor(cursor: string): number | null {
  const match = /^p:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  return match ? Number(match[1]) : null;
}

/** Reads of the read models; all through the reader connection, so they see committed data only. */
export class ReadModelQueries {
  private readonly projectList: ProjectList;

  /** `statements` run SQL on the same reader, kept compiled where the database allows. */
  constructor(
    private readonly db: DataSource,
    statements: SqlStatements,
  ) {
    this.projectList = new ProjectList(db, statements);
  }

  project(id: string): Promise<ProjectRow | null> {
    return this.db.getRepository(ProjectRow).findOneBy({ id });
  }

  /**
   * A project's accepted outputs, keyed by agent: each read from the event that accepted (or edited) it, which the
   * row names by stream version. A row read from the table has none (`spec` undefined) until asked for this.
   */
  async projectSpec(id: string): Promise<ProjectRow['spec']> {
    const versions = (await this.db.getRepository(ProjectRow).findOne({ where: { id }, select: { id: true, specVersions: true } }))?.specVersions;
    if (!versions) return null;
    const wanted = Object.values(versions);
    const found = (await this.db.query(
      `SELECT stream_version AS v, data FROM events WHERE stream_id = ${this.param(1)} AND stream_version IN (${wanted.map((_, i) => this.param(i + 2)).join(', ')})`,
      [id, ...wanted],
    )) as { v: number | string; data: string }[];
    const outputs = new Map(found.map((f) => [Number(f.v), (JSON.parse(f.data) as { output: unknown }).output]));
    return Object.fromEntries(
      Object.entries(versions).map(([agent, version]) => {
        if (!outputs.has(version)) throw new Error(`no event at version ${version} of ${id} holds the ${agent}'s output`);
        return [agent, outputs.get(version)];
      }),
    );
  }

  /** Newest first. */
  async projects(options: { status?: ProjectStatus; first: number; after?: number }): Promise<Page<ProjectRow>> {
    const { rows, total } = await this.projectList.page({ status: options.status, before: options.after, limit: options.first + 1 });
    return {
      items: rows.slice(0, options.first).map((node) => ({ cursor: encodeCursor(node.createdPosition), node })),
      hasNextPage: rows.length > options.first,
      totalCount: total,
    };
  }

  /** Oldest first: a conversation reads top to bottom. */
  async messages(projectId: string, options: { first: number; after?: number }): Promise<Page<MessageRow>> {
    const repo = this.db.getRepository(MessageRow);
    const rows = await repo.find({
      where: { projectId, ...(options.after !== undefined ? { position: MoreThan(options.after) } : {}) },
      order: { position: 'ASC' },
      take: options.first + 1,
    });
    const page = rows.slice(0, options.first);
    // A sent message's data is its event's (see MessageRow.storedData).
    const positions = page.filter((m) => m.dataInEvent).map((m) => m.position);
    const found = positions.length
      ? ((await this.db.query(
          `SELECT global_position AS p, data FROM events WHERE global_position IN (${positions.map((_, i) => this.param(i + 1)).join(', ')})`,
          positions,
        )) as { p: number | string; data: string }[])
      : [];
    const sent = new Map(found.map((f) => [Number(f.p), (JSON.parse(f.data) as { data?: unknown }).data ?? null]));
    for (const m of page) {
      if (!m.dataInEvent) m.data = m.storedData;
      else if (sent.has(m.position)) m.data = sent.get(m.position);
      else throw new Error(`no event at position ${m.position} holds the data of message ${m.id}`);
    }
    return {
      items: page.map((node) => ({ cursor: encodeCursor(node.position), node })),
      hasNextPage: rows.length > options.first,
      totalCount: await repo.countBy({ projectId }),
    };
  }

  actions(projectId: string, status?: ActionStatus): Promise<ActionRow[]> {
    return this.db.getRepository(ActionRow).find({
      where: { projectId, ...(status ? { status } : {}) },
      order: { streamVersion: 'ASC' },
    });
  }

  action(id: string): Promise<ActionRow | null> {
    return this.db.getRepository(ActionRow).findOneBy({ id });
  }

  /** In pipeline order. */
  agents(projectId: string): Promise<AgentRow[]> {
    return this.db.getRepository(AgentRow).find({ where: { projectId }, order: { position: 'ASC' } });
  }

  /** The latest version of each file, by path; content only when asked for, since files can be large. */
  async artifacts(projectId: string, options: { withContent?: boolean } = {}): Promise<ArtifactRow[]> {
    const rows = await this.db.getRepository(ArtifactRow).find({ where: { projectId }, order: { path: 'ASC' } });
    if (!options.withContent) return rows;
    return this.withContents(
      rows,
      `SELECT v.id AS id, e.data AS data FROM artifact_versions v
        JOIN events e ON e.stream_id = v.project_id AND e.stream_version = v.stream_version
        WHERE v.id IN (SELECT a.id || ':' || a.version FROM artifacts a WHERE a.project_id = ${this.param(1)})`,
      [projectId],
      (row) => `${row.id}:${row.version}`,
    );
  }

  /** One version of a file (the latest when no version is given). */
  async artifactVersion(projectId: string, path: string, version?: number): Promise<ArtifactVersionRow | null> {
    const row = await this.db.getRepository(ArtifactVersionRow).findOne({
      where: { projectId, path, ...(version !== undefined ? { version } : {}) },
      order: { version: 'DESC' },
    });
    if (!row) return null;
    const [withContent] = await this.versionContents([row]);
    return withContent;
  }

  async artifactHistory(projectId: string, path: string): Promise<ArtifactVersionRow[]> {
    const rows = await this.db.getRepository(ArtifactVersionRow).find({
      where: { projectId, path },
      order: { version: 'ASC' },
    });
    return this.versionContents(rows);
  }

  /** File versions with their text, read from the events that wrote them. */
  private versionContents(rows: ArtifactVersionRow[]): Promise<ArtifactVersionRow[]> {
    if (rows.length === 0) return Promise.resolve(rows);
    const versions = rows.map((r) => r.streamVersion);
    return this.withContents(
      rows,
      `SELECT e.stream_version AS id, e.data AS data FROM events e
        WHERE e.stream_id = ${this.param(1)} AND e.stream_version IN (${versions.map((_, i) => this.param(i + 2)).join(', ')})`,
      [rows[0].projectId, ...versions],
      (row) => String(row.streamVersion),
    );
  }

  /**
   * `rows` with the content of the event `sql` answers for each (its `id` column matching `key` of the row). The
   * event's data is parsed here rather than in SQL: SQLite's json_extract ends a text at an escaped NUL, and
   * PostgreSQL's text has none, where a file's content may.
   */
  private async withContents<R extends { content: string }>(rows: R[], sql: string, params: unknown[], key: (row: R) => string): Promise<R[]> {
    const found = (await this.db.query(sql, params)) as { id: string | number; data: string }[];
    const contents = new Map(found.map((f) => [String(f.id), (JSON.parse(f.data) as { content: string }).content]));
    for (const row of rows) {
      const content = contents.get(key(row));
      if (content === undefined) throw new Error(`no event holds the content of ${key(row)}`);
      row.content = content;
    }
    return rows;
  }

  private get postgres(): boolean {
    return this.db.options.type === 'postgres';
  }

  private param(n: number): string {
    return this.postgres ? `$${n}` : '?';
  }

  testRuns(projectId: string): Promise<TestRunRow[]> {
    return this.db.getRepository(TestRunRow).find({ where: { projectId }, order: { round: 'ASC' } });
  }

  mutationRuns(projectId: string): Promise<MutationRunRow[]> {
    return this.db.getRepository(MutationRunRow).find({ where: { projectId }, order: { round: 'ASC', startedAt: 'ASC' } });
  }

  /** The evidence of proof of one project; judge it with `coverageOf`. */
  coverage(projectId: string): Promise<CoverageRow | null> {
    return this.db.getRepository(CoverageRow).findOneBy({ id: projectId });
  }

  /** What earlier probes found for each model on one server. */
  endpointModes(endpoint: string): Promise<EndpointModeRow[]> {
    return this.db.getRepository(EndpointModeRow).find({ where: { endpoint } });
  }

  async unfinishedProjectIds(): Promise<string[]> {
    const rows = await this.db.getRepository(ProjectRow).find({
      select: { id: true },
      where: { status: In(['active', 'waiting', 'paused']) },
      order: { createdPosition: 'ASC' },
    });
    return rows.map((r) => r.id);
  }
}
