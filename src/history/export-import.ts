import { z } from 'zod';
import { recordedPathProblem } from '../domain/artifact-rules';
import { DomainError } from '../domain/domain-error';
import { nestedDeeperThan } from '../domain/json-nesting';
import { PathLayout } from '../domain/path-layout';
import { streamIdProblem, streamIdSchema } from '../domain/stream-id';
import { validateEvent } from '../events/catalog';
import type { NewEvent, StoredEvent } from '../events/envelope';
import { InvalidEventError } from '../events/errors';
import type { EventStore } from '../events/event-store';
import { copyStream } from './stream-copy';
import { verifyStream } from './verify-chain';

/** One JSON object per line: the full envelope of every event of the project, hashes included. */
export function exportJsonLines(events: readonly StoredEvent[]): string {
  return events.map((e) => JSON.stringify(e)).join('\n') + '\n';
}

export interface ImportOptions {
  /** Import under this stream id instead of the original (for a database that already holds it). */
  as?: string;
}

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 in hex');

/** The envelope `exportJsonLines` writes, checked before anything in it is trusted. */
const exportedEvent = z.object({
  globalPosition: z.number().int().min(1),
  streamId: streamIdSchema,
  streamVersion: z.number().int().min(1),
  type: z.string().min(1),
  schemaVersion: z.number().int().min(1),
  data: z.record(z.string(), z.unknown()),
  metadata: z.record(z.string(), z.unknown()),
  recordedAt: z.iso.datetime({ offset: true }),
  hash: sha256Hex,
  prevHash: sha256Hex,
});

/**
 * An event holds a model's answer (at most MAX_JSON_DEPTH levels, see json-answer) a few levels down; deeper
 * than this, hashing the line would overflow the stack.
 */
const MAX_EVENT_DEPTH = 128;

interface Line {
  number: number;
  event: StoredEvent;
}

/**
 * Loads an exported stream into this log. The file must be one whole, unbroken stream: versions 1…n, a hash
 * chain that checks out, every event one the catalog knows, and files that could be written to a workspace
 * (the same rules an agent's output meets when it is produced). Its stream id must be new here unless it is
 * imported under another one. Events keep their recorded time and metadata, so the read models come out the
 * same as at the source. A refused file appends nothing, and the error names its line.
 */
export async function importJsonLines(store: EventStore, text: string, newId: () => string, options: ImportOptions = {}): Promise<{ streamId: string; events: number }> {
  if (options.as !== undefined) {
    const problem = streamIdProblem(options.as);
    if (problem) throw new DomainError('BAD_USER_INPUT', `cannot import as ${JSON.stringify(options.as)}: ${problem}`, 'as');
  }
  const lines = readLines(text);
  if (lines.length === 0) throw new DomainError('BAD_USER_INPUT', 'the file holds no events');
  const events = lines.map((l) => l.event);
  const source = events[0].streamId;
  const stranger = lines.find((l) => l.event.streamId !== source);
  if (stranger) throw lineError(stranger.number, `belongs to stream ${stranger.event.streamId}, not ${source}: the file mixes several streams`);
  const broken = verifyStream(events);
  if (broken) {
    const at = lines.find((l) => l.event.globalPosition === broken.globalPosition && l.event.streamVersion === broken.streamVersion) as Line;
    throw lineError(at.number, `breaks the stream: event ${broken.streamVersion} ${broken.reason}`);
  }
  const target = options.as ?? source;
  const copies: NewEvent[] =
    target === source
      ? events.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata, recordedAt: e.recordedAt }) as NewEvent)
      : copyStream(events, target, newId);
  checkFiles(copies, lines);
  if ((await store.streamVersion(target)) !== 0) {
    throw new DomainError('CONFLICT', `stream ${target} already exists here; import it under another id (--as <id> or --rename)`);
  }
  await store.append(target, copies, 0);
  return { streamId: target, events: copies.length };
}

/** Every non-blank line as an event whose envelope and payload check out, numbered as in the file. */
function readLines(text: string): Line[] {
  const lines: Line[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    if (raw.trim() === '') continue;
    const number = i + 1;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw lineError(number, 'is not JSON');
    }
    if (nestedDeeperThan(json, MAX_EVENT_DEPTH)) throw lineError(number, `nests deeper than ${MAX_EVENT_DEPTH} levels`);
    const envelope = exportedEvent.safeParse(json);
    if (!envelope.success) {
      const issues = envelope.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(the line)'}: ${issue.message}`);
      throw lineError(number, `is not an exported event: ${issues.join('; ')}`);
    }
    try {
      validateEvent(envelope.data.type, envelope.data.data);
    } catch (error) {
      if (error instanceof InvalidEventError) throw lineError(number, `is not a valid event: ${error.message}`);
      throw error;
    }
    lines.push({ number, event: envelope.data as StoredEvent });
  }
  return lines;
}

/** The files the stream writes, as they would land in a workspace: each path safe, none both a file and a directory. */
function checkFiles(copies: readonly NewEvent[], lines: readonly Line[]): void {
  const layout = new PathLayout();
  for (const [i, e] of copies.entries()) {
    if (e.type !== 'ArtifactWritten') continue;
    const { path } = (e as NewEvent<'ArtifactWritten'>).data;
    const problem = recordedPathProblem(path, layout);
    if (problem) throw lineError(lines[i].number, `writes the file ${JSON.stringify(path)}, which is refused: ${problem}`);
    layout.add(path);
  }
}

function lineError(line: number, problem: string): DomainError {
  return new DomainError('BAD_USER_INPUT', `line ${line} ${problem}`);
}
