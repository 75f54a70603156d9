import { Column, Entity } from 'typeorm';
import { ArtifactColumns, artifactColumnsOf } from './artifact-columns';
import { defineProjection } from './projection';

/** Every version of every file: a later write of a path is a new row, never an overwrite. */
@Entity('artifact_versions')
export class ArtifactVersionRow extends ArtifactColumns {
  @Column('text', { name: 'step_id' }) stepId: string;
  @Column('integer', { name: 'stream_version' }) streamVersion: number;
  @Column('text', { name: 'created_at' }) createdAt: string;
}

export const artifactVersionId = (projectId: string, path: string, version: number) => `${projectId}:${path}:${version}`;

export const artifactVersionProjection = defineProjection<ArtifactVersionRow>({
  name: 'artifact_versions',
  entity: ArtifactVersionRow,
  handlers: {
    ArtifactWritten: {
      rows: (e) => ({ id: artifactVersionId(e.streamId, e.data.path, e.data.version) }),
      apply: (_row, e) => ({
        ...artifactColumnsOf(artifactVersionId(e.streamId, e.data.path, e.data.version), e),
        stepId: e.data.stepId,
        streamVersion: e.streamVersion,
        createdAt: e.recordedAt,
      }),
    },
    ArtifactEditedByPerson: {
      rows: (e) => ({ id: artifactVersionId(e.streamId, e.data.path, e.data.version) }),
      apply: (_row, e) => ({
        ...artifactColumnsOf(artifactVersionId(e.streamId, e.data.path, e.data.version), e),
        stepId: `person-${e.streamVersion}`,
        streamVersion: e.streamVersion,
        createdAt: e.recordedAt,
      }),
    },
  },
});
