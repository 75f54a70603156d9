import { Column, Entity, PrimaryColumn } from 'typeorm';
import { defineProjection } from './projection';

@Entity('test_runs')
export class TestRunRow {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'project_id' }) projectId: string;
  @Column('integer') round: number;
  @Column('text') status: 'running' | 'passed' | 'failed';
  @Column('simple-json', { nullable: true }) command: string[] | null;
  @Column('integer', { name: 'exit_code', nullable: true }) exitCode: number | null;
  @Column('text', { nullable: true }) signal: string | null;
  @Column('boolean', { name: 'timed_out', nullable: true }) timedOut: boolean | null;
  @Column('integer', { nullable: true }) passed: number | null;
  @Column('integer', { nullable: true }) failed: number | null;
  @Column('integer', { nullable: true }) skipped: number | null;
  @Column('real', { name: 'duration_ms', nullable: true }) durationMs: number | null;
  @Column('text', { nullable: true }) output: string | null;
  @Column('simple-json', { nullable: true }) tests: { name: string; ok: boolean }[] | null;
  @Column('text', { name: 'started_at' }) startedAt: string;
  @Column('text', { name: 'completed_at', nullable: true }) completedAt: string | null;
}

export const testRunProjection = defineProjection<TestRunRow>({
  name: 'test_runs',
  entity: TestRunRow,
  handlers: {
    TestRunStarted: {
      rows: (e) => ({ id: e.data.runId }),
      apply: (_row, e) => ({
        id: e.data.runId,
        projectId: e.streamId,
        round: e.data.round,
        status: 'running',
        command: null,
        exitCode: null,
        signal: null,
        timedOut: null,
        passed: null,
        failed: null,
        skipped: null,
        durationMs: null,
        output: null,
        tests: null,
        startedAt: e.recordedAt,
        completedAt: null,
      }),
    },
    TestRunCompleted: {
      rows: (e) => ({ id: e.data.runId }),
      apply: (row, e) =>
        row && {
          ...row,
          status: e.data.exitCode === 0 && e.data.failed === 0 && e.data.passed > 0 ? 'passed' : 'failed',
          command: e.data.command,
          exitCode: e.data.exitCode,
          signal: e.data.signal,
          timedOut: e.data.timedOut,
          passed: e.data.passed,
          failed: e.data.failed,
          skipped: e.data.skipped,
          durationMs: e.data.durationMs,
          output: e.data.output,
          tests: e.data.tests,
          completedAt: e.recordedAt,
        },
    },
  },
});
