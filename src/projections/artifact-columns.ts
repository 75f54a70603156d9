import { Column, PrimaryColumn } from 'typeorm';

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
