import { Column, Entity, PrimaryColumn } from 'typeorm';
import { defineProjection } from './projection';

/** The latest version of each file of a project. */
@Entity('artifacts')
export class ArtifactRow {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'project_id' }) projectId: string;
  @Column('text') path: string;
  @Column('integer') version: number;
  @Column('text') content: string;
  @Column('text') sha256: string;
  @Column('integer') size: number;
  @Column('text') agent: string;
  @Column('text', { name: 'updated_at' }) updatedAt: string;
}

export const artifactId = (projectId: string, path: string) => `${projectId}:${path}`;

export const artifactProjection = defineProjection<ArtifactRow>({
  name: 'artifacts',
  entity: ArtifactRow,
  handlers: {
    ArtifactWritten: {
      rows: (e) => ({ id: artifactId(e.streamId, e.data.path) }),
      apply: (_row, e) => ({
        id: artifactId(e.streamId, e.data.path),
        projectId: e.streamId,
        path: e.data.path,
        version: e.data.version,
        content: e.data.content,
        sha256: e.data.sha256,
        size: e.data.size,
        agent: e.data.agent,
        updatedAt: e.recordedAt,
      }),
    },
  },
});
