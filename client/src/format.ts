import type { Json, ProjectEvent } from './types';

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const absoluteFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeOnlyFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

export function parseDate(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "just now", "5 minutes ago", "yesterday", "in 2 hours" (a skewed clock). */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const date = parseDate(iso);
  if (!date) return iso;
  const seconds = Math.round((date.getTime() - now) / 1000);
  // A little in the future is clock skew between server and browser, not a prophecy.
  if (seconds > -45 && seconds < 300) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return relativeFormat.format(Math.round(seconds / 60), 'minute');
}

export function formatAbsolute(iso: string): string {
  const date = parseDate(iso);
  return date ? absoluteFormat.format(date) : iso;
}

export function formatClock(iso: string): string {
  const date = parseDate(iso);
  return date ? timeOnlyFormat.format(date) : iso;
}

/** 0.853 → "85%". */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

const numberFormat = new Intl.NumberFormat();

/** 12345 → "12,345" (in the reader's locale). */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** 940 → "940 B", 2993 → "2.9 kB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(bytes < 10_000 ? 1 : 0)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** 230 → "230 ms", 4500 → "4.5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** "analyst" / "ANALYST" → "Analyst". */
export function agentLabel(name: string): string {
  return titleCase(name);
}

export function titleCase(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

export function prettyJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

type JsonObject = { [key: string]: Json };

function asObject(value: Json | undefined): JsonObject | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

/** The first of `keys` that holds a string or number, as a string. */
function pick(data: JsonObject, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = data[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return null;
}

/** `key: value` for the payload's scalar fields, for event types without a summary of their own. */
export function summarizeData(data: Json | undefined, max = 160): string {
  const object = asObject(data);
  if (!object) return data === null || data === undefined ? '' : truncate(prettyJson(data), max);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (typeof value === 'string') parts.push(`${key}: ${truncate(value, 60)}`);
    else if (typeof value === 'number' || typeof value === 'boolean') parts.push(`${key}: ${value}`);
    else if (Array.isArray(value)) parts.push(`${key}: ${value.length} item${value.length === 1 ? '' : 's'}`);
  }
  return truncate(parts.join(', '), max);
}

/** One line about an event, for the timeline. Unknown and future types fall back to their payload. */
export function summarizeEvent(event: Pick<ProjectEvent, 'type' | 'data'>): string {
  const data = asObject(event.data);
  if (!data) return summarizeData(event.data);
  const agent = pick(data, 'agent', 'agentName');
  switch (event.type) {
    case 'ProjectCreated': {
      const name = pick(data, 'name');
      if (name) return `Project “${truncate(name, 80)}” created`;
      break;
    }
    case 'MessageSent': {
      const from = pick(data, 'fromAgent', 'from');
      const to = pick(data, 'toAgent', 'to');
      const kind = pick(data, 'type', 'messageType');
      if (from && to) return `${from} → ${to}${kind ? ` · ${kind}` : ''}`;
      break;
    }
    case 'ActionRequested': {
      const title = pick(data, 'title');
      const priority = pick(data, 'priority');
      if (title) return `${priority ? `${titleCase(priority)} · ` : ''}${agent ? `${agent}: ` : ''}${truncate(title, 120)}`;
      break;
    }
    case 'ActionResolved': {
      const choice = pick(data, 'chosenOptionLabel', 'optionLabel', 'chosenOptionId', 'optionId');
      const response = pick(data, 'response');
      if (choice || response) {
        return `Answered${choice ? `: ${choice}` : ''}${response ? ` — “${truncate(response, 80)}”` : ''}`;
      }
      break;
    }
    case 'ProjectStatusChanged': {
      const from = pick(data, 'from', 'previousStatus', 'oldStatus');
      const to = pick(data, 'to', 'status', 'newStatus');
      const reason = pick(data, 'reason');
      if (to) return `${from ? `${titleCase(from)} → ` : 'Now '}${titleCase(to)}${reason ? ` — ${truncate(reason, 80)}` : ''}`;
      break;
    }
    case 'AgentStepStarted': {
      const attempt = pick(data, 'attempt');
      if (agent) return `${agent} started${attempt && attempt !== '1' ? ` (attempt ${attempt})` : ''}`;
      break;
    }
    case 'LlmCallCompleted': {
      const model = pick(data, 'model');
      const prompt = pick(data, 'promptTokens');
      const completion = pick(data, 'completionTokens');
      const latency = pick(data, 'latencyMs');
      if (agent || model) {
        return [agent, model, prompt && completion ? `${prompt} + ${completion} tokens` : null, latency ? `${Math.round(Number(latency))} ms` : null]
          .filter(Boolean)
          .join(' · ');
      }
      break;
    }
    case 'LlmCallFailed': {
      const error = pick(data, 'message', 'error', 'errorClass');
      if (error) return `${agent ? `${agent}: ` : ''}${truncate(error, 120)}`;
      break;
    }
    case 'AgentOutputRejected': {
      const reason = pick(data, 'reason');
      const errors = data.errors;
      const first = Array.isArray(errors) && typeof errors[0] === 'string' ? errors[0] : null;
      if (agent) return `${agent}: ${reason ? reason.replace(/_/g, ' ') : 'rejected'}${first ? ` — ${truncate(first, 100)}` : ''}`;
      break;
    }
    case 'AgentOutputProduced':
    case 'AgentOutputAccepted': {
      const confidence = data.confidence;
      const acceptedBy = pick(data, 'acceptedBy');
      if (agent) {
        return [agent, typeof confidence === 'number' ? `${formatPercent(confidence)} confident` : null, acceptedBy ? `accepted by ${acceptedBy}` : null]
          .filter(Boolean)
          .join(' · ');
      }
      break;
    }
    case 'StepRetryRequested': {
      const guidance = pick(data, 'guidance');
      if (agent) return `${agent} asked to try again${guidance ? ` — “${truncate(guidance, 100)}”` : ''}`;
      break;
    }
    case 'ArtifactWritten': {
      const path = pick(data, 'path');
      const version = pick(data, 'version');
      const size = data.size;
      if (path) {
        const details = [version ? `v${version}` : null, typeof size === 'number' ? formatBytes(size) : null].filter(Boolean).join(', ');
        return `${agent ? `${agent} wrote ` : ''}${path}${details ? ` (${details})` : ''}`;
      }
      break;
    }
    case 'EndpointProbed': {
      const chosen = pick(data, 'chosen');
      const model = pick(data, 'model');
      if (chosen) return `${model ? `${model}: ` : ''}asks for JSON with ${chosen}`;
      break;
    }
    case 'ArtifactDeleted': {
      const path = pick(data, 'path');
      if (path) return `${agent ? `${agent} no longer returns ` : ''}${path}: deleted`;
      break;
    }
    case 'ArtifactRejected': {
      const path = pick(data, 'path');
      const reason = pick(data, 'reason');
      if (reason) return `${path ? `${path}: ` : ''}${truncate(reason, 120)}`;
      break;
    }
    case 'TestRunStarted': {
      const round = pick(data, 'round');
      return `Test run${round ? ` ${round}` : ''} started`;
    }
    case 'TestRunCompleted': {
      const round = pick(data, 'round');
      const { passed, failed, skipped } = data;
      if (typeof passed === 'number' && typeof failed === 'number') {
        return `Test run${round ? ` ${round}` : ''}: ${passed} passed, ${failed} failed${typeof skipped === 'number' && skipped ? `, ${skipped} skipped` : ''}${data.timedOut === true ? ' (timed out)' : ''}`;
      }
      break;
    }
    case 'ProjectCompleted':
    case 'ProjectCancelled':
    case 'ProjectFailed': {
      const text = pick(data, 'summary', 'reason');
      if (text) return truncate(text, 160);
      break;
    }
  }
  return summarizeData(data);
}

/** Stable-ish ordering of priorities, most urgent first. */
export const PRIORITY_RANK: Record<string, number> = { URGENT: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };

/** Dollars as people read them: cents for a dollar or more, up to four decimals below, and no cost as $0. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  return `$${usd.toFixed(4).replace(/0+$/, '').replace(/\.$/, '')}`;
}
