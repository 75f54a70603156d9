import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StoredEvent } from '../events/envelope';
import { AGENT_NAMES, FIRST_PIPELINE, agentIn } from '../domain/agents/pipeline';
import { defineProjection } from './projection';

@Entity('messages')
export class MessageRow {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'project_id' }) projectId: string;
  /** Global position of the event that produced the message: the conversation's order and cursor. */
  @Column('integer') position: number;
  @Column('integer', { name: 'stream_version' }) streamVersion: number;
  @Column('text', { name: 'from_agent' }) fromAgent: string;
  @Column('text', { name: 'to_agent' }) toAgent: string;
  @Column('text') type: string;
  @Column('text') content: string;
  /** What the message carries besides its text. Not a column itself: see `storedData`. */
  data: unknown;
  /**
   * `data` as the table keeps it: null for a MessageSent, whose data is in its event (at `position`), as large as an
   * agent's whole answer at times; the queries read it from there (ReadModelQueries.messages).
   */
  @Column('simple-json', { name: 'data', nullable: true }) storedData: unknown;
  /** 1 when `data` is the data of the MessageSent event at `position`, 0 when it is `storedData`. */
  @Column('integer', { name: 'data_in_event', default: 0 }) dataInEvent: number;
  @Column('text') status: string;
  @Column('real', { nullable: true }) confidence: number | null;
  @Column('text') thread: string;
  @Column('integer') attempt: number;
  @Column('text', { name: 'created_at' }) createdAt: string;
}

/** Messages that are not a MessageSent event (the request itself, questions and answers) get an id from their event. */
const eventMessageId = (e: StoredEvent) => `${e.streamId}:${e.streamVersion}`;

/** Written out field by field: spreading `fields` into a literal with more properties costs microseconds a row in V8. */
function message(
  e: StoredEvent,
  fields: Omit<MessageRow, 'projectId' | 'position' | 'streamVersion' | 'createdAt' | 'status' | 'storedData' | 'dataInEvent'>,
): MessageRow {
  const inEvent = e.type === 'MessageSent';
  return {
    id: fields.id,
    fromAgent: fields.fromAgent,
    toAgent: fields.toAgent,
    type: fields.type,
    content: fields.content,
    data: fields.data,
    storedData: inEvent ? null : fields.data,
    dataInEvent: inEvent ? 1 : 0,
    confidence: fields.confidence,
    thread: fields.thread,
    attempt: fields.attempt,
    projectId: e.streamId,
    position: e.globalPosition,
    streamVersion: e.streamVersion,
    status: 'delivered',
    createdAt: e.recordedAt,
  };
}

export const messageProjection = defineProjection<MessageRow>({
  name: 'messages',
  entity: MessageRow,
  handlers: {
    ProjectCreated: {
      replaces: true,
      rows: (e) => ({ id: eventMessageId(e) }),
      apply: (_row, e) =>
        message(e, {
          id: eventMessageId(e),
          fromAgent: 'user',
          toAgent: (e.data.pipeline ?? FIRST_PIPELINE)[0],
          type: 'handoff',
          content: e.data.requirements,
          data: null,
          confidence: null,
          thread: e.streamId,
          attempt: 0,
        }),
    },
    MessageSent: {
      replaces: true,
      rows: (e) => ({ id: e.data.messageId }),
      apply: (_row, e) =>
        message(e, {
          id: e.data.messageId,
          fromAgent: e.data.fromAgent,
          toAgent: e.data.toAgent,
          type: e.data.type,
          content: e.data.content,
          data: e.data.data ?? null,
          confidence: e.data.confidence,
          thread: e.data.thread,
          attempt: e.data.attempt,
        }),
    },
    ActionRequested: {
      replaces: true,
      rows: (e) => ({ id: eventMessageId(e) }),
      apply: (_row, e) =>
        message(e, {
          id: eventMessageId(e),
          fromAgent: e.data.agent ?? 'system',
          toAgent: 'human',
          type: 'question',
          content: `${e.data.title}\n${e.data.description}`.trim(),
          data: { actionId: e.data.actionId, options: e.data.options, reason: e.data.reason },
          confidence: null,
          thread: e.data.actionId,
          attempt: 0,
        }),
    },
    AgentOutputRejected: {
      replaces: true,
      rows: (e) => ({ id: eventMessageId(e) }),
      apply: (_row, e) =>
        message(e, {
          id: eventMessageId(e),
          fromAgent: 'system',
          toAgent: e.data.agent,
          type: 'feedback',
          content: `Attempt ${e.data.attempt} was rejected (${e.data.reason.replace('_', ' ')}):\n${e.data.errors.join('\n')}`,
          data: { stepId: e.data.stepId, errors: e.data.errors },
          confidence: null,
          thread: e.data.stepId,
          attempt: e.data.attempt,
        }),
    },
    StepRetryRequested: {
      replaces: true,
      rows: (e) => ({ id: eventMessageId(e) }),
      apply: (_row, e) =>
        message(e, {
          id: eventMessageId(e),
          fromAgent: 'human',
          toAgent: e.data.agent,
          type: 'answer',
          content: e.data.guidance ? `Redo this step. Guidance: ${e.data.guidance}` : 'Redo this step.',
          data: { guidance: e.data.guidance },
          confidence: null,
          thread: e.streamId,
          attempt: 0,
        }),
    },
    ChangeRequested: {
      replaces: true,
      rows: (e) => ({ id: eventMessageId(e) }),
      apply: (_row, e) =>
        message(e, {
          id: eventMessageId(e),
          fromAgent: 'human',
          toAgent: AGENT_NAMES[0],
          type: 'answer',
          content: `Change for round ${e.data.round}: ${e.data.text}`,
          data: { round: e.data.round, text: e.data.text },
          confidence: null,
          thread: e.streamId,
          attempt: 0,
        }),
    },
    TestRunCompleted: {
      replaces: true,
      rows: (e) => ({ id: eventMessageId(e) }),
      apply: (_row, e) =>
        message(e, {
          id: eventMessageId(e),
          fromAgent: 'system',
          toAgent: agentIn(AGENT_NAMES, 'repairsFailingTests') ?? 'user',
          type: 'status',
          content:
            `Test run ${e.data.round}: ${e.data.passed} passed, ${e.data.failed} failed, ${e.data.skipped} skipped` +
            `${e.data.timedOut ? ' (stopped at the time limit)' : ''}.`,
          data: { runId: e.data.runId, exitCode: e.data.exitCode, tests: e.data.tests },
          confidence: null,
          thread: e.data.runId,
          attempt: e.data.round,
        }),
    },
    ProjectForked: {
      replaces: true,
      rows: (e) => ({ id: eventMessageId(e) }),
      apply: (_row, e) =>
        message(e, {
          id: eventMessageId(e),
          fromAgent: 'system',
          toAgent: 'user',
          type: 'status',
          content: `Forked from project ${e.data.fromProjectId} at version ${e.data.atVersion}.`,
          data: e.data,
          confidence: null,
          thread: e.streamId,
          attempt: 0,
        }),
    },
    ProjectPaused: {
      replaces: true,
      rows: (e) => ({ id: eventMessageId(e) }),
      apply: (_row, e) =>
        message(e, {
          id: eventMessageId(e),
          fromAgent: 'system',
          toAgent: 'user',
          type: 'status',
          content: `Paused before the ${e.data.beforeAgent} (a breakpoint): read or edit the work so far, then resume.`,
          data: e.data,
          confidence: null,
          thread: e.streamId,
          attempt: 0,
        }),
    },
    AgentOutputEdited: {
      replaces: true,
      rows: (e) => ({ id: eventMessageId(e) }),
      apply: (_row, e) =>
        message(e, {
          id: eventMessageId(e),
          fromAgent: 'human',
          toAgent: e.data.agent,
          type: 'answer',
          content: `Edited the ${e.data.agent}'s output; the agents after it work again from the edit.`,
          data: { agent: e.data.agent, replaces: e.data.replaces },
          confidence: null,
          thread: e.streamId,
          attempt: 0,
        }),
    },
    ArtifactEditedByPerson: {
      replaces: true,
      rows: (e) => ({ id: eventMessageId(e) }),
      apply: (_row, e) =>
        message(e, {
          id: eventMessageId(e),
          fromAgent: 'human',
          toAgent: agentIn(AGENT_NAMES, { gives: 'implementation' }) ?? 'user',
          type: 'answer',
          content: `Wrote ${e.data.path} by hand (version ${e.data.version}); an agent's change to it will be shown to me to take or leave.`,
          data: { path: e.data.path, version: e.data.version },
          confidence: null,
          thread: e.streamId,
          attempt: 0,
        }),
    },
    ActionResolved: {
      replaces: true,
      rows: (e) => ({ id: eventMessageId(e) }),
      apply: (_row, e) =>
        message(e, {
          id: eventMessageId(e),
          fromAgent: 'human',
          toAgent: 'system',
          type: 'answer',
          content: [e.data.optionId ? `Chose: ${e.data.optionId}` : '', e.data.response ?? ''].filter(Boolean).join('\n'),
          data: { actionId: e.data.actionId, optionId: e.data.optionId, response: e.data.response },
          confidence: null,
          thread: e.data.actionId,
          attempt: 0,
        }),
    },
  },
});
