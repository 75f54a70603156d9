import { Column, PrimaryColumn } from 'typeorm';
import type { StoredEvent } from '../events/envelope';

/** What every stored file version has, whether it is the latest (artifacts) or any one (artifact_versions). */
export abstract class ArtifactColumns {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'project_id' }) projectId: string;
  @Column('text') path: string;
  @Column('integer') version: number;
  @Column('text') content: string;
  @Column('text') sha256: string;
  @Column('integer') size: number;
  @Column('text') agent: string;
}

/** The file columns an ArtifactWritten event fills, under the row id its read model chooses. */
export function artifactColumnsOf(id: string, e: StoredEvent<'ArtifactWritten'>): ArtifactColumns {
  return {
    id,
    projectId: e.streamId,
    path: e.data.path,
    version: e.data.version,
    content: e.data.content,
    sha256: e.data.sha256,
    size: e.data.size,
    agent: e.data.agent,
  };
}
