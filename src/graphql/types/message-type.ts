import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import type { MessageRow } from '../../projections/message-projection';

@ObjectType({ description: 'One entry of the conversation between the person, the agents and the system.' })
export class Message {
  @Field(() => ID) id: string;
  @Field(() => ID) projectId: string;
  @Field() fromAgent: string;
  @Field() toAgent: string;
  @Field({ description: 'handoff, question, answer, status or feedback' }) type: string;
  @Field() content: string;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The structured payload behind the text, if any.' })
  data: unknown;
  @Field() status: string;
  @Field(() => Float, { nullable: true }) confidence: number | null;
  @Field() thread: string;
  @Field(() => Int) attempt: number;
  @Field(() => Int) streamVersion: number;
  @Field(() => GraphQLISODateTime) createdAt: Date;

  static from(row: MessageRow): Message {
    return Object.assign(new Message(), { ...row, createdAt: new Date(row.createdAt) });
  }
}
