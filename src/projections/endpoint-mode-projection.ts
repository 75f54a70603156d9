import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OutputMode } from '../events/catalog';
import { defineProjection } from './projection';

/** The way each server and model takes JSON requests, as last probed: what a provider starts from after a restart. */
@Entity('endpoint_modes')
export class EndpointModeRow {
  /** `<endpoint> <model>`. */
  @PrimaryColumn('text') id: string;
  @Column('text') endpoint: string;
  @Column('text') model: string;
  @Column('text') mode: OutputMode;
  @Column('text', { name: 'probed_at' }) probedAt: string;
}

export const endpointModeId = (endpoint: string, model: string) => `${endpoint} ${model}`;

export const endpointModeProjection = defineProjection<EndpointModeRow>({
  name: 'endpoint_modes',
  entity: EndpointModeRow,
  handlers: {
    // Probes recorded before endpoints were named cannot say which server they were about.
    EndpointProbed: {
      rows: (e) => ({ ids: e.data.endpoint ? [endpointModeId(e.data.endpoint, e.data.model)] : [] }),
      apply: (_row, e) => ({ id: endpointModeId(e.data.endpoint!, e.data.model), endpoint: e.data.endpoint!, model: e.data.model, mode: e.data.chosen, probedAt: e.recordedAt }),
    },
  },
});
