import { Column, Entity } from 'typeorm';
import { ArtifactColumns } from './artifact-columns';
import { defineProjection } from './projection';

/** The latest version of each file of a project. */
@Entity('artifacts')
export class ArtifactRow extends ArtifactColumns {
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
