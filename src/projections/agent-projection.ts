import { Column, Entity, PrimaryColumn } from 'typeorm';
import { AGENT_NAMES, type AgentName, FIRST_PIPELINE, agentNamed } from '../domain/agents/pipeline';
import type { StoredEvent } from '../events/envelope';
import { defineProjection } from './projection';
import { addUsd } from '../domain/dollars';

/** `warning`: done, but a person accepted its work short of done; `stopped`: the project was cancelled before it finished. */
export type AgentStatus = 'idle' | 'thinking' | 'waiting' | 'error' | 'done' | 'warning' | 'stopped';

@Entity('agents')
export class AgentRow {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'project_id' }) projectId: string;
  @Column('text') agent: string;
  @Column('integer') position: number;
  @Column('text') status: AgentStatus;
  @Column('text', { name: 'current_task', nullable: true }) currentTask: string | null;
  @Column('integer') attempt: number;
  @Column('integer', { name: 'prompt_tokens' }) promptTokens: number;
  @Column('integer', { name: 'completion_tokens' }) completionTokens: number;
  /** Dollars its calls cost, at the prices they were charged at. */
  @Column('real', { name: 'cost_usd' }) costUsd: number;
  @Column('integer', { name: 'llm_calls' }) llmCalls: number;
  @Column('integer', { name: 'failed_calls' }) failedCalls: number;
  @Column('real', { name: 'last_confidence', nullable: true }) lastConfidence: number | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('text', { name: 'updated_at' }) updatedAt: string;
}

const rowId = (projectId: string, agent: string) => `${projectId}:${agent}`;
const one = (e: StoredEvent & { data: { agent: AgentName } }) => ({ id: rowId(e.streamId, e.data.agent) });
const allOf = (e: StoredEvent) => ({ where: { projectId: e.streamId } });
const role = (agent: AgentName) => agentNamed(agent).role;
/**
 * Whether `agent` comes after `than` (or is it). Pipelines are recorded in team order, so the team orders the
 * agents of any project's pipeline.
 */
const atOrAfter = (agent: string, than: AgentName) => AGENT_NAMES.indexOf(agent as AgentName) >= AGENT_NAMES.indexOf(than);

function set(row: AgentRow | undefined, e: StoredEvent, changes: Partial<AgentRow>): AgentRow | undefined {
  return row && { ...row, ...changes, updatedAt: e.recordedAt };
}

export const agentProjection = defineProjection<AgentRow>({
  name: 'agents',
  entity: AgentRow,
  handlers: {
    // Every agent of the project's pipeline has a row from the start, idle until its first step.
    ProjectCreated: {
      rows: (e) => ({ ids: pipelineOf(e).map((a) => rowId(e.streamId, a)) }),
      apply: (_row, e, id) => {
        const agent = id.slice(e.streamId.length + 1) as AgentName;
        return newRow(e.streamId, agent, pipelineOf(e).indexOf(agent), e.recordedAt);
      },
    },
    AgentStepStarted: {
      rows: one,
      apply: (row, e) =>
        set(row, e, {
          status: 'thinking',
          currentTask: `${role(e.data.agent)}: attempt ${e.data.attempt}${e.data.guidance.length ? ' with guidance' : ''}`,
          attempt: e.data.attempt,
          lastError: null,
        }),
    },
    LlmCallCompleted: {
      // Not the prompt and the answer: a rebuild reads only these of the largest events of the log.
      reads: ['agent', 'promptTokens', 'completionTokens', 'costUsd'],
      rows: one,
      apply: (row, e) =>
        set(row, e, {
          promptTokens: (row?.promptTokens ?? 0) + e.data.promptTokens,
          completionTokens: (row?.completionTokens ?? 0) + e.data.completionTokens,
          costUsd: addUsd(row?.costUsd ?? 0, e.data.costUsd ?? 0),
          llmCalls: (row?.llmCalls ?? 0) + 1,
        }),
    },
    LlmCallFailed: {
      rows: one,
      apply: (row, e) =>
        set(row, e, {
          llmCalls: (row?.llmCalls ?? 0) + 1,
          failedCalls: (row?.failedCalls ?? 0) + 1,
          lastError: `${e.data.errorClass}: ${e.data.message}${e.data.retryable ? ' (retrying)' : ''}`,
        }),
    },
    AgentOutputRejected: {
      rows: one,
      apply: (row, e) => set(row, e, { status: 'error', currentTask: null, lastError: e.data.errors.join('; ') }),
    },
    AgentOutputProduced: {
      reads: ['agent', 'confidence'],
      rows: one,
      apply: (row, e) => set(row, e, { currentTask: 'output ready for review', lastConfidence: e.data.confidence }),
    },
    AgentOutputAccepted: {
      rows: one,
      apply: (row, e) => set(row, e, { status: 'done', currentTask: null, lastConfidence: e.data.confidence }),
    },
    ActionRequested: {
      rows: (e) => ({ ids: e.data.agent ? [rowId(e.streamId, e.data.agent)] : [] }),
      apply: (row, e) => set(row, e, { status: 'waiting', currentTask: e.data.title }),
    },
    StepRetryRequested: {
      rows: allOf,
      apply: (row, e) =>
        row && atOrAfter(row.agent, e.data.agent) ? set(row, e, { status: 'idle', currentTask: null }) : row,
    },
    // A new round: every agent works again.
    ChangeRequested: {
      rows: allOf,
      apply: (row, e) => row && set(row, e, { status: 'idle', currentTask: null }),
    },
    ProjectPaused: {
      rows: (e) => ({ id: rowId(e.streamId, e.data.beforeAgent) }),
      apply: (row, e) => set(row, e, { status: 'idle', currentTask: 'Paused before its turn (a breakpoint)' }),
    },
    ProjectResumed: {
      rows: (e) => ({ id: rowId(e.streamId, e.data.beforeAgent) }),
      apply: (row, e) => set(row, e, { currentTask: null }),
    },
    AgentOutputEdited: {
      rows: allOf,
      apply: (row, e) => {
        if (!row) return row;
        if (row.agent === e.data.agent) return set(row, e, { status: 'done', currentTask: 'Output edited by a person' });
        return atOrAfter(row.agent, e.data.agent) ? set(row, e, { status: 'idle', currentTask: null }) : row;
      },
    },
    ProjectCancelled: {
      rows: allOf,
      apply: (row, e) => (row && row.status !== 'done' ? set(row, e, { status: 'stopped', currentTask: null }) : row),
    },
    // Every agent finished its part; one whose work a person accepted short of done says so.
    ProjectCompleted: {
      rows: allOf,
      apply: (row, e) => {
        const warning = e.data.warnings?.find((w) => w.agent === row?.agent);
        if (warning) return set(row, e, { status: 'warning', currentTask: warning.text });
        return row && row.status !== 'done' ? set(row, e, { status: 'done', currentTask: null }) : row;
      },
    },
    ProjectFailed: {
      rows: allOf,
      apply: (row, e) => (row && row.status !== 'done' ? set(row, e, { status: 'error', currentTask: null }) : row),
    },
  },
});

const pipelineOf = (e: StoredEvent<'ProjectCreated'>): readonly AgentName[] => e.data.pipeline ?? FIRST_PIPELINE;

function newRow(projectId: string, agent: AgentName, position: number, at: string): AgentRow {
  return {
    id: rowId(projectId, agent),
    projectId,
    agent,
    position,
    status: 'idle',
    currentTask: null,
    attempt: 0,
    promptTokens: 0,
    completionTokens: 0,
    costUsd: 0,
    llmCalls: 0,
    failedCalls: 0,
    lastConfidence: null,
    lastError: null,
    updatedAt: at,
  };
}
