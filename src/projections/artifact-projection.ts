import { Column, Entity } from 'typeorm';
import { ArtifactColumns, artifactColumnsOf } from './artifact-columns';
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
      apply: (_row, e) => ({ ...artifactColumnsOf(artifactId(e.streamId, e.data.path), e), updatedAt: e.recordedAt }),
    },
    ArtifactEditedByPerson: {
      rows: (e) => ({ id: artifactId(e.streamId, e.data.path) }),
      apply: (_row, e) => ({ ...artifactColumnsOf(artifactId(e.streamId, e.data.path), e), updatedAt: e.recordedAt }),
    },
    ArtifactDeleted: { rows: (e) => ({ id: artifactId(e.streamId, e.data.path) }), apply: () => undefined },
  },
});
