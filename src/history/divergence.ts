import { createTwoFilesPatch } from 'diff';
import { canonicalJson } from '../events/canonical-json';
import type { StoredEvent } from '../events/envelope';

/** One leaf that differs between the recorded event and today's, with both values whole. */
export interface Difference {
  /** Where in the event, e.g. `data.messages[1].content`. */
  path: string;
  expected: unknown;
  actual: unknown;
  /** A unified diff when both values are text. */
  diff?: string;
}

export type DivergenceCause = 'prompt_changed' | 'schema_changed' | 'workflow_changed' | 'answer_missing';

export interface Divergence {
  version: number;
  expected: { type: string; data: unknown } | null;
  actual: { type: string; data: unknown } | null;
  /** The payload fields that differ (`type` when the event types differ). */
  fields: string[];
  differences: Difference[];
  /** The step the event belongs to, when it belongs to one. */
  step: { agent: string; stepId: string } | null;
  cause: DivergenceCause;
  /** The cause in a sentence a person can act on. */
  explanation: string;
}

/**
 * Fields that measure the run rather than decide it. What a call cost is the price of its day: the replay charges
 * what was recorded, and a call recorded before prices were kept charges nothing.
 */
const IGNORED = new Set(['latencyMs', 'costUsd']);
/** Enough to find the difference; a changed prompt differs in a handful of places, not hundreds. */
const MAX_DIFFERENCES = 20;

/** The first difference between what was recorded at a version and what today's code appended there, or null. */
export function compareEvents(expected: StoredEvent | undefined, actual: StoredEvent | undefined, version: number): Divergence | null {
  const exp = expected ? { type: expected.type, data: expected.data } : null;
  const act = actual ? { type: actual.type, data: actual.data } : null;
  if (!exp || !act || exp.type !== act.type) {
    const differences = [{ path: 'type', expected: exp?.type ?? null, actual: act?.type ?? null }];
    return explain({ version, expected: exp, actual: act, fields: ['type'], differences });
  }
  const e = exp.data as Record<string, unknown>;
  const a = act.data as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(e), ...Object.keys(a)])]
    .filter((k) => !IGNORED.has(k) && canonicalJson(e[k]) !== canonicalJson(a[k]))
    .sort();
  if (fields.length === 0) return null;
  const differences: Difference[] = [];
  for (const field of fields) leafDifferences(`data.${field}`, e[field], a[field], differences);
  return explain({ version, expected: exp, actual: act, fields, differences });
}

function leafDifferences(path: string, expected: unknown, actual: unknown, out: Difference[]): void {
  if (out.length >= MAX_DIFFERENCES || canonicalJson(expected) === canonicalJson(actual)) return;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) leafDifferences(`${path}[${i}]`, expected[i], actual[i], out);
    return;
  }
  if (isObject(expected) && isObject(actual)) {
    for (const key of [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()) {
      leafDifferences(`${path}.${key}`, expected[key], actual[key], out);
    }
    return;
  }
  const difference: Difference = { path, expected: expected ?? null, actual: actual ?? null };
  if (typeof expected === 'string' && typeof actual === 'string') {
    difference.diff = createTwoFilesPatch(`recorded ${path}`, `today ${path}`, withNewline(expected), withNewline(actual), undefined, undefined, { context: 2 });
  }
  out.push(difference);
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const withNewline = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);

const OUTCOMES = new Set(['AgentOutputProduced', 'AgentOutputRejected']);

function explain(d: Omit<Divergence, 'cause' | 'explanation' | 'step'>): Divergence {
  const actualData = (d.actual?.data ?? {}) as Record<string, unknown>;
  const expectedData = (d.expected?.data ?? {}) as Record<string, unknown>;
  const agent = String(actualData.agent ?? expectedData.agent ?? '');
  const stepId = String(actualData.stepId ?? expectedData.stepId ?? '');
  const step = agent && stepId ? { agent, stepId } : null;
  const who = agent ? `the ${agent}` : 'an agent';
  const result = (cause: DivergenceCause, explanation: string): Divergence => ({ ...d, step, cause, explanation });

  if (d.actual?.type === 'LlmCallFailed' && actualData.errorClass === 'ReplayExhausted') {
    return result('answer_missing', `Today's code asks ${who} one more question than the recording answered: there is no recorded answer to give.`);
  }
  if (d.expected?.type === d.actual?.type && d.fields.some((f) => f === 'messages' || f === 'requestHash')) {
    const system = d.differences.some((x) => x.path.startsWith('data.messages[0]'));
    return result(
      'prompt_changed',
      system
        ? `The system prompt ${who} is sent differs from the recorded one: the recorded answer was given to another question.`
        : `The prompt ${who} is sent differs from the recorded one (its requirements, an earlier output or the prompt template changed).`,
    );
  }
  if (OUTCOMES.has(d.expected?.type ?? '') || OUTCOMES.has(d.actual?.type ?? '')) {
    return result('schema_changed', `The same recorded answer is judged differently today: ${who}'s output schema, checks or confidence rule changed.`);
  }
  if (d.expected && d.actual && d.expected.type === d.actual.type) {
    return result('workflow_changed', `Given the same history, today's workflow decides this ${d.actual.type} differently (${d.fields.join(', ')}).`);
  }
  return result('workflow_changed', `Given the same history, today's workflow decides something else here (${d.expected?.type ?? 'nothing'} was recorded, ${d.actual?.type ?? 'nothing'} is decided).`);
}
