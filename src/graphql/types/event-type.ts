import { Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import type { StoredEvent } from '../../events/envelope';
import { encodeCursor } from '../../projections/read-model-queries';

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

  static from(event: StoredEvent): EventType {
    return Object.assign(new EventType(), {
      globalPosition: event.globalPosition,
      streamId: event.streamId,
      streamVersion: event.streamVersion,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: event.metadata,
      recordedAt: new Date(event.recordedAt),
      hash: event.hash,
      cursor: encodeCursor(event.streamVersion),
    });
  }
}
