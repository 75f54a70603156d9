import { Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import type { StoredEvent } from '../../events/envelope';
import { encodeCursor } from '../../projections/read-model-queries';

/** Fields that can run to many kilobytes: prompts and answers, agent outputs, file contents, test output. */
const HEAVY_FIELDS: Record<string, string[]> = {
  LlmCallCompleted: ['messages', 'rawAnswer'],
  AgentOutputProduced: ['output'],
  AgentOutputAccepted: ['output'],
  MessageSent: ['data'],
  ArtifactWritten: ['content'],
  TestRunCompleted: ['output'],
  ActionRequested: ['attachment'],
};

@ObjectType('Event', { description: 'One immutable entry of the event log, in the envelope the log stores.' })
export class EventType {
  @Field(() => Int) globalPosition: number;
  @Field(() => ID) streamId: string;
  @Field(() => Int) streamVersion: number;
  @Field() type: string;
  @Field(() => Int) schemaVersion: number;
  @Field(() => GraphQLJSON) data: unknown;
  @Field(() => GraphQLJSON) metadata: unknown;
  @Field(() => GraphQLISODateTime) recordedAt: Date;
  @Field({ description: 'sha256 over the previous event hash of the stream and this event.' }) hash: string;
  @Field({ description: 'Pass as `after` to events() to read on from here.' }) cursor: string;
  @Field({ description: 'True when large fields (prompts, answers, outputs, file contents) were left out: read the event with events() for them.' })
  compacted: boolean;

  static from(event: StoredEvent): EventType {
    return EventType.build(event, event.data, false);
  }

  /** The event without its large fields, for feeds that show a list and open one event at a time. */
  static compact(event: StoredEvent): EventType {
    const data = event.data as Record<string, unknown>;
    const heavy = (HEAVY_FIELDS[event.type] ?? []).filter((k) => k in data);
    if (heavy.length === 0) return EventType.from(event);
    return EventType.build(event, Object.fromEntries(Object.entries(data).filter(([k]) => !heavy.includes(k))), true);
  }

  private static build(event: StoredEvent, data: unknown, compacted: boolean): EventType {
    return Object.assign(new EventType(), {
      globalPosition: event.globalPosition,
      streamId: event.streamId,
      streamVersion: event.streamVersion,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data,
      compacted,
      metadata: event.metadata,
      recordedAt: new Date(event.recordedAt),
      hash: event.hash,
      cursor: encodeCursor(event.streamVersion),
    });
  }
}
