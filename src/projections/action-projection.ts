import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ActionOption } from '../events/catalog';
import { defineProjection } from './projection';

export type ActionStatus = 'pending' | 'resolved' | 'cancelled';
export type ActionPriority = 'urgent' | 'high' | 'medium' | 'low';

@Entity('actions')
export class ActionRow {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'project_id' }) projectId: string;
  @Column('integer', { name: 'stream_version' }) streamVersion: number;
  @Column('text') title: string;
  @Column('text') description: string;
  @Column('text') priority: ActionPriority;
  @Column('text') status: ActionStatus;
  @Column('text') reason: string;
  @Column('text', { nullable: true }) agent: string | null;
  @Column('simple-json') options: ActionOption[];
  @Column('text', { name: 'chosen_option_id', nullable: true }) chosenOptionId: string | null;
  @Column('text', { nullable: true }) response: string | null;
  /** Tokens the person granted with "Continue". */
  @Column('integer', { name: 'granted_tokens', nullable: true }) grantedTokens: number | null;
  /** Dollars the person granted with "Continue" on a spend budget. */
  @Column('real', { name: 'granted_usd', nullable: true }) grantedUsd: number | null;
  @Column('text', { nullable: true }) attachment: string | null;
  @Column('text', { name: 'created_at' }) createdAt: string;
  @Column('text', { name: 'resolved_at', nullable: true }) resolvedAt: string | null;
}

const cancelPending = {
  rows: (e: { streamId: string }) => ({ where: { projectId: e.streamId, status: 'pending' as const } }),
  apply: (row: ActionRow | undefined, e: { recordedAt: string }) =>
    row && { ...row, status: 'cancelled' as const, resolvedAt: e.recordedAt },
};

export const actionProjection = defineProjection<ActionRow>({
  name: 'actions',
  entity: ActionRow,
  handlers: {
    ActionRequested: {
      rows: (e) => ({ id: e.data.actionId }),
      apply: (_row, e) => ({
        id: e.data.actionId,
        projectId: e.streamId,
        streamVersion: e.streamVersion,
        title: e.data.title,
        description: e.data.description,
        priority: e.data.priority,
        status: 'pending',
        reason: e.data.reason,
        agent: e.data.agent,
        options: e.data.options,
        chosenOptionId: null,
        response: null,
        grantedTokens: null,
        grantedUsd: null,
        attachment: e.data.attachment ?? null,
        createdAt: e.recordedAt,
        resolvedAt: null,
      }),
    },
    ActionResolved: {
      rows: (e) => ({ id: e.data.actionId }),
      apply: (row, e) =>
        row && {
          ...row,
          status: 'resolved',
          chosenOptionId: e.data.optionId,
          response: e.data.response,
          grantedTokens: e.data.grantTokens ?? null,
          grantedUsd: e.data.grantUsd ?? null,
          resolvedAt: e.recordedAt,
        },
    },
    // A project that ends leaves no question open.
    ProjectCancelled: cancelPending,
    ProjectCompleted: cancelPending,
    ProjectFailed: cancelPending,
    StepRetryRequested: cancelPending,
    AgentOutputEdited: cancelPending,
  },
});
