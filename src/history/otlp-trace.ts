import { createHash } from 'node:crypto';
import { type Attributes, type SpanContext, SpanKind, type SpanStatus, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { hrTimeDuration, millisToHrTime } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';
import type { AnyStoredEvent, StoredEvent } from '../events/envelope';

/**
 * A project's log as OpenTelemetry spans with the GenAI semantic conventions, so any tracing backend shows the
 * run: one `invoke_workflow` span for the project, an `invoke_agent` span per agent step, a `chat` span per LLM
 * call under its step, `execute_tool` spans for test and mutation runs, an `ask_person` span per question to a
 * person, and the other things people did as events on the workflow span. Ids and times come from the log alone,
 * so the same log always gives the same spans.
 */

export interface TraceOptions {
  /**
   * Prompts, answers and people's words as attributes. The GenAI conventions make content opt-in: it may hold what
   * must not reach a tracing backend.
   */
  messages: boolean;
}

/** The workflow's logical name (`gen_ai.workflow.name` is low-cardinality: the pipeline, not the run). */
const WORKFLOW = 'botarmy';
const TEST_TOOL = 'node --test';
const MUTATION_TOOL = 'mutation testing';

interface Draft {
  /** What the span id is derived from: unique in the stream. */
  key: string;
  name: string;
  kind: SpanKind;
  parent: Draft | null;
  startMs: number;
  /** Null while the log has not recorded the end. */
  endMs: number | null;
  attributes: Attributes;
  events: TimedEvent[];
  status: SpanStatus;
}

export function projectSpans(events: readonly StoredEvent[], options: TraceOptions): ReadableSpan[] {
  if (events.length === 0) return [];
  const projectId = events[0].streamId;
  const lastMs = Date.parse(events[events.length - 1].recordedAt);
  const drafts: Draft[] = [];
  const open = (key: string, name: string, kind: SpanKind, parent: Draft | null, startMs: number, attributes: Attributes): Draft => {
    const draft: Draft = { key, name, kind, parent, startMs, endMs: null, attributes, events: [], status: { code: SpanStatusCode.UNSET } };
    drafts.push(draft);
    return draft;
  };
  const root = open(projectId, `invoke_workflow ${WORKFLOW}`, SpanKind.INTERNAL, null, Date.parse(events[0].recordedAt), {
    'gen_ai.operation.name': 'invoke_workflow',
    'gen_ai.workflow.name': WORKFLOW,
    'botarmy.project.id': projectId,
  });
  // A step id, run id or action id names its span until the span ends; a later start with the same id is a new span.
  const steps = new Map<string, Draft>();
  /**
   * Steps whose output waits to be judged, by agent, with the time it was produced. A step ends when its output is
   * accepted or rejected; an output set aside (the agent starts again, or the project ends) ends it where it was
   * produced. Until then it is open, so a live trace does not send a step whose end may still move.
   */
  const awaiting = new Map<string, { step: Draft; producedMs: number }>();
  const setAside = (agent: string) => {
    const waiting = awaiting.get(agent);
    if (waiting) waiting.step.endMs = waiting.producedMs;
    awaiting.delete(agent);
  };
  const tools = new Map<string, Draft>();
  const actions = new Map<string, Draft>();
  const content = (attributes: Attributes): Attributes => (options.messages ? attributes : {});
  const note = (name: string, atMs: number, attributes: Attributes) => root.events.push({ name, time: millisToHrTime(atMs), attributes });

  for (const stored of events) {
    const e = stored as AnyStoredEvent;
    const at = Date.parse(e.recordedAt);
    const key = `${projectId}:${e.streamVersion}`;
    switch (e.type) {
      case 'ProjectCreated':
        root.attributes['botarmy.project.name'] = e.data.name;
        break;
      case 'AgentStepStarted': {
        const { stepId, agent, attempt, guidance } = e.data;
        const attributes = {
          'gen_ai.operation.name': 'invoke_agent',
          'gen_ai.agent.name': agent,
          'botarmy.step.id': stepId,
          'botarmy.step.attempt': attempt,
          ...content(guidance.length ? { 'botarmy.step.guidance': guidance } : {}),
        };
        setAside(agent);
        steps.set(stepId, open(key, `invoke_agent ${agent}`, SpanKind.INTERNAL, root, at, attributes));
        break;
      }
      case 'LlmCallCompleted':
      case 'LlmCallFailed': {
        const d = e.data;
        const call = open(key, `chat ${d.model}`, SpanKind.CLIENT, steps.get(d.stepId) ?? root, at - d.latencyMs, {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': providerName(d.provider),
          // The log keeps one model name per call: the one that answered, or the one asked when none did.
          'gen_ai.request.model': d.model,
          'botarmy.step.id': d.stepId,
          'botarmy.llm.purpose': d.purpose,
          'botarmy.llm.request_hash': d.requestHash,
        });
        call.endMs = at;
        if (e.type === 'LlmCallCompleted') Object.assign(call.attributes, completedCall(e.data, options));
        else {
          Object.assign(call.attributes, { 'error.type': e.data.errorClass, 'botarmy.llm.retryable': e.data.retryable });
          call.status = { code: SpanStatusCode.ERROR, message: e.data.message };
        }
        break;
      }
      case 'AgentOutputProduced':
      case 'AgentOutputAccepted':
      case 'AgentOutputRejected': {
        const step = steps.get(e.data.stepId);
        if (!step) break;
        if (e.type === 'AgentOutputProduced') awaiting.set(e.data.agent, { step, producedMs: at });
        else {
          awaiting.delete(e.data.agent);
          step.endMs = at;
        }
        if (e.type === 'AgentOutputRejected') {
          step.attributes['botarmy.step.outcome'] = 'rejected';
          step.attributes['error.type'] = e.data.reason;
          step.status = { code: SpanStatusCode.ERROR, message: e.data.errors.join('; ') };
        } else {
          step.attributes['botarmy.step.outcome'] = e.type === 'AgentOutputAccepted' ? 'accepted' : 'produced';
          step.attributes['botarmy.step.confidence'] = e.data.confidence;
          if (e.type === 'AgentOutputAccepted') step.attributes['botarmy.step.accepted_by'] = e.data.acceptedBy;
        }
        break;
      }
      case 'TestRunStarted':
      case 'MutationRunStarted': {
        const tool = e.type === 'TestRunStarted' ? TEST_TOOL : MUTATION_TOOL;
        tools.set(
          e.data.runId,
          open(key, `execute_tool ${tool}`, SpanKind.INTERNAL, root, at, {
            'gen_ai.operation.name': 'execute_tool',
            'gen_ai.tool.name': tool,
            'gen_ai.tool.call.id': e.data.runId,
            'botarmy.run.round': e.data.round,
          }),
        );
        break;
      }
      case 'TestRunCompleted': {
        const d = e.data;
        const run = closeRun(tools, d.runId, at);
        if (!run) break;
        Object.assign(run.attributes, {
          'botarmy.test.passed': d.passed,
          'botarmy.test.failed': d.failed,
          'botarmy.test.skipped': d.skipped,
          'botarmy.test.timed_out': d.timedOut,
          ...(d.exitCode === null ? {} : { 'botarmy.test.exit_code': d.exitCode }),
        });
        if (d.timedOut || d.failed > 0 || d.exitCode !== 0) {
          run.attributes['error.type'] = d.timedOut ? 'timeout' : 'tests_failed';
          run.status = { code: SpanStatusCode.ERROR, message: `${d.failed} of ${d.passed + d.failed} tests failed${d.timedOut ? ', timed out' : ''}` };
        }
        break;
      }
      case 'MutationRunCompleted': {
        const d = e.data;
        const run = closeRun(tools, d.runId, at);
        if (!run) break;
        Object.assign(run.attributes, {
          'botarmy.mutation.tool': d.tool,
          'botarmy.mutation.created': d.created,
          'botarmy.mutation.killed': d.killed,
          'botarmy.mutation.survived': d.survived,
          'botarmy.mutation.timed_out': d.timedOut,
          'botarmy.mutation.budget_exceeded': d.budgetExceeded,
        });
        if (d.error !== null) {
          run.attributes['error.type'] = 'mutation_run_failed';
          run.status = { code: SpanStatusCode.ERROR, message: d.error };
        }
        break;
      }
      case 'ActionRequested': {
        const d = e.data;
        const attributes = {
          'botarmy.action.id': d.actionId,
          'botarmy.action.reason': d.reason,
          'botarmy.action.priority': d.priority,
          'botarmy.action.title': d.title,
          'botarmy.action.options': d.options.map((o) => o.id),
          ...(d.agent ? { 'botarmy.action.agent': d.agent } : {}),
          ...(d.stepId ? { 'botarmy.step.id': d.stepId } : {}),
          ...content({ 'botarmy.action.description': d.description }),
        };
        actions.set(d.actionId, open(key, `ask_person ${d.reason}`, SpanKind.INTERNAL, root, at, attributes));
        break;
      }
      case 'ActionResolved': {
        const d = e.data;
        const action = actions.get(d.actionId);
        if (!action) break;
        actions.delete(d.actionId);
        action.endMs = at;
        Object.assign(action.attributes, {
          ...(d.optionId === null ? {} : { 'botarmy.action.option_id': d.optionId }),
          ...(d.grantTokens === undefined ? {} : { 'botarmy.action.grant_tokens': d.grantTokens }),
          ...content(d.response === null ? {} : { 'botarmy.action.response': d.response }),
        });
        break;
      }
      case 'StepRetryRequested':
        note('botarmy.step_retry_requested', at, {
          'botarmy.step.agent': e.data.agent,
          ...content(e.data.guidance === null ? {} : { 'botarmy.step.guidance': e.data.guidance }),
        });
        break;
      case 'AgentOutputEdited':
        note('botarmy.output_edited', at, { 'botarmy.edit.agent': e.data.agent, 'botarmy.edit.step_id': e.data.stepId, 'botarmy.edit.replaces': e.data.replaces });
        break;
      case 'BreakpointsSet':
        note('botarmy.breakpoints_set', at, { 'botarmy.breakpoints': e.data.agents });
        break;
      case 'ProjectPaused':
      case 'ProjectResumed':
        note(e.type === 'ProjectPaused' ? 'botarmy.project_paused' : 'botarmy.project_resumed', at, { 'botarmy.before_agent': e.data.beforeAgent });
        break;
      case 'ProjectForked':
        note('botarmy.project_forked', at, { 'botarmy.fork.from_project_id': e.data.fromProjectId, 'botarmy.fork.at_version': e.data.atVersion });
        break;
    }
  }
  if (endProject(root, events[events.length - 1] as AnyStoredEvent)) for (const agent of [...awaiting.keys()]) setAside(agent);
  return finish(drafts, projectId, events[0], lastMs);
}

/** The project has ended when its log ends with an end: work after one (an edit) reopened it. */
function endProject(root: Draft, last: AnyStoredEvent): boolean {
  if (last.type !== 'ProjectCompleted' && last.type !== 'ProjectCancelled' && last.type !== 'ProjectFailed') return false;
  root.endMs = Date.parse(last.recordedAt);
  root.attributes['botarmy.project.status'] = { ProjectCompleted: 'completed', ProjectCancelled: 'cancelled', ProjectFailed: 'failed' }[last.type];
  if (last.type === 'ProjectFailed') {
    root.attributes['error.type'] = 'project_failed';
    root.status = { code: SpanStatusCode.ERROR, message: last.data.reason };
  }
  return true;
}

/** The spans as one OTLP/JSON export request on one line: what an OpenTelemetry Collector's file exporter writes and its `otlpjsonfile` receiver reads. */
export function otlpTraceJson(events: readonly StoredEvent[], options: TraceOptions): string {
  const bytes = JsonTraceSerializer.serializeRequest(projectSpans(events, options));
  return `${new TextDecoder().decode(bytes)}\n`;
}

/** What only an answered call has: the answering model, tokens, and what the log holds besides (cache, cost, finish reason). */
function completedCall(d: StoredEvent<'LlmCallCompleted'>['data'], options: TraceOptions): Attributes {
  // Cached tokens, cost and finish reason are not in every log: read them where a later schema recorded them.
  const extra = d as { cachedPromptTokens?: unknown; costUsd?: unknown; finishReason?: unknown };
  const finishReasons = typeof extra.finishReason === 'string' ? [extra.finishReason] : null;
  return {
    'gen_ai.response.model': d.model,
    'gen_ai.usage.input_tokens': d.promptTokens,
    'gen_ai.usage.output_tokens': d.completionTokens,
    ...(typeof extra.cachedPromptTokens === 'number' ? { 'gen_ai.usage.cache_read.input_tokens': extra.cachedPromptTokens } : {}),
    ...(finishReasons ? { 'gen_ai.response.finish_reasons': finishReasons } : {}),
    ...(typeof extra.costUsd === 'number' ? { 'botarmy.cost_usd': extra.costUsd } : {}),
    ...(options.messages
      ? {
          // The conventions' message shape: a role and its parts.
          'gen_ai.input.messages': JSON.stringify(d.messages.map((m) => ({ role: m.role, parts: [{ type: 'text', content: m.content }] }))),
          'gen_ai.output.messages': JSON.stringify([
            { role: 'assistant', parts: [{ type: 'text', content: d.rawAnswer }], ...(finishReasons ? { finish_reason: finishReasons[0] } : {}) },
          ]),
        }
      : {}),
  };
}

/** The conventions name a provider reached through OpenAI's client `openai`, whatever server answered. */
function providerName(recorded: string): string {
  return recorded === 'openai-compatible' ? 'openai' : recorded;
}

/** Ends a test or mutation run's span; a completion without a start in the log has no span. */
function closeRun(tools: Map<string, Draft>, runId: string, atMs: number): Draft | null {
  const run = tools.get(runId);
  if (!run) return null;
  tools.delete(runId);
  run.endMs = atMs;
  return run;
}

/** The drafts as finished SDK spans; what the log has not ended yet ends with the log, marked unfinished. */
function finish(drafts: readonly Draft[], projectId: string, first: StoredEvent, lastMs: number): ReadableSpan[] {
  const traceId = hexDigest(`trace:${projectId}`, 32);
  const appVersion = first.metadata.appVersion;
  // One resource object for every span: the serializer groups spans by resource identity.
  const resource: Resource = resourceFromAttributes({
    'service.name': 'botarmy',
    ...(typeof appVersion === 'string' ? { 'service.version': appVersion } : {}),
  });
  const contextOf = (draft: Draft): SpanContext => ({ traceId, spanId: hexDigest(`span:${draft.key}`, 16), traceFlags: TraceFlags.SAMPLED });
  return drafts.map((draft) => {
    const startTime = millisToHrTime(draft.startMs);
    const endTime = millisToHrTime(draft.endMs ?? lastMs);
    const context = contextOf(draft);
    return {
      name: draft.name,
      kind: draft.kind,
      spanContext: () => context,
      ...(draft.parent ? { parentSpanContext: contextOf(draft.parent) } : {}),
      startTime,
      endTime,
      duration: hrTimeDuration(startTime, endTime),
      status: draft.status,
      attributes: draft.endMs === null ? { ...draft.attributes, 'botarmy.unfinished': true } : draft.attributes,
      links: [],
      events: draft.events,
      ended: true,
      resource,
      instrumentationScope: { name: 'botarmy' },
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
  });
}

function hexDigest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}
