import { Column, Entity, PrimaryColumn } from 'typeorm';
import { mutationScore } from '../domain/proof';
import { defineProjection } from './projection';

/** One mutation run and its counts; the mutants themselves stay in the log and, for the latest run, in coverage. */
@Entity('mutation_runs')
export class MutationRunRow {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'project_id' }) projectId: string;
  @Column('integer') round: number;
  @Column('text') status: 'running' | 'completed' | 'failed';
  @Column('text', { nullable: true }) tool: string | null;
  @Column('real', { name: 'duration_ms', nullable: true }) durationMs: number | null;
  @Column('integer', { name: 'budget_ms', nullable: true }) budgetMs: number | null;
  @Column('boolean', { name: 'budget_exceeded', nullable: true }) budgetExceeded: boolean | null;
  @Column('integer', { nullable: true }) created: number | null;
  @Column('integer', { nullable: true }) killed: number | null;
  @Column('integer', { nullable: true }) survived: number | null;
  @Column('integer', { name: 'timed_out', nullable: true }) timedOut: number | null;
  /** Killed mutants over those run, in percent; null when none ran. */
  @Column('real', { nullable: true }) score: number | null;
  @Column('text', { nullable: true }) error: string | null;
  @Column('text', { name: 'started_at' }) startedAt: string;
  @Column('text', { name: 'completed_at', nullable: true }) completedAt: string | null;
}

export const mutationRunProjection = defineProjection<MutationRunRow>({
  name: 'mutation_runs',
  entity: MutationRunRow,
  handlers: {
    MutationRunStarted: {
      rows: (e) => ({ id: e.data.runId }),
      apply: (_row, e) => ({
        id: e.data.runId,
        projectId: e.streamId,
        round: e.data.round,
        status: 'running',
        tool: null,
        durationMs: null,
        budgetMs: null,
        budgetExceeded: null,
        created: null,
        killed: null,
        survived: null,
        timedOut: null,
        score: null,
        error: null,
        startedAt: e.recordedAt,
        completedAt: null,
      }),
    },
    MutationRunCompleted: {
      rows: (e) => ({ id: e.data.runId }),
      apply: (row, e) =>
        row && {
          ...row,
          status: e.data.error === null ? 'completed' : 'failed',
          tool: e.data.tool,
          durationMs: e.data.durationMs,
          budgetMs: e.data.budgetMs,
          budgetExceeded: e.data.budgetExceeded,
          created: e.data.created,
          killed: e.data.killed,
          survived: e.data.survived,
          timedOut: e.data.timedOut,
          score: mutationScore(e.data.mutants),
          error: e.data.error,
          completedAt: e.recordedAt,
        },
    },
  },
});
