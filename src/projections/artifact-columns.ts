import { Column, PrimaryColumn } from 'typeorm';
import type { StoredEvent } from '../events/envelope';

/** What every stored file version has, whether it is the latest (artifacts) or any one (artifact_versions). */
export abstract class ArtifactColumns {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'project_id' }) projectId: string;
  @Column('text') path: string;
  @Column('integer') version: number;
  /**
   * Not a column: the text is in the event that wrote this version, and the queries read it from there
   * (ReadModelQueries). A fold in memory keeps it on the row.
   */
  content: string;
  @Column('text') sha256: string;
  @Column('integer') size: number;
  /** The agent that wrote this version, or `person` for a file written by hand. */
  @Column('text') agent: string;
}

/** Who wrote a file version a person wrote by hand. */
export const PERSON = 'person';

/** The file columns a written file fills (by an agent, or by hand), under the row id its read model chooses. */
export function artifactColumnsOf(id: string, e: StoredEvent<'ArtifactWritten' | 'ArtifactEditedByPerson'>): ArtifactColumns {
  return {
    id,
    projectId: e.streamId,
    path: e.data.path,
    version: e.data.version,
    content: e.data.content,
    sha256: e.data.sha256,
    size: e.data.size,
    agent: 'agent' in e.data ? e.data.agent : PERSON,
  };
}
