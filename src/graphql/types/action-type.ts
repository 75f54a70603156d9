import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { ActionRow } from '../../projections/action-projection';

export enum ActionPriorityEnum {
  URGENT = 'urgent',
  HIGH = 'high',
  MEDIUM = 'medium',
  LOW = 'low',
}
registerEnumType(ActionPriorityEnum, { name: 'ActionPriority' });

export enum ActionStatusEnum {
  PENDING = 'pending',
  RESOLVED = 'resolved',
  CANCELLED = 'cancelled',
}
registerEnumType(ActionStatusEnum, { name: 'ActionStatus' });

@ObjectType()
export class ActionOptionType {
  @Field() id: string;
  @Field() label: string;
  @Field({ nullable: true }) description?: string;
}

@ObjectType('Action', { description: 'A question the team put to a person; the project waits until it is answered.' })
export class Action {
  @Field(() => ID) id: string;
  @Field(() => ID) projectId: string;
  @Field() title: string;
  @Field() description: string;
  @Field(() => ActionPriorityEnum) priority: ActionPriorityEnum;
  @Field(() => ActionStatusEnum) status: ActionStatusEnum;
  @Field({ description: 'Why the team asks: low_confidence, attempts_exhausted, budget_exceeded, tests_failing.' })
  reason: string;
  @Field(() => String, { nullable: true }) agent: string | null;
  @Field(() => [ActionOptionType]) options: ActionOptionType[];
  @Field(() => String, { nullable: true }) chosenOptionId: string | null;
  @Field(() => String, { nullable: true }) response: string | null;
  @Field(() => String, { nullable: true, description: 'Supporting output, such as the failing test run.' })
  attachment: string | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) resolvedAt: Date | null;

  static from(row: ActionRow): Action {
    return Object.assign(new Action(), {
      ...row,
      priority: row.priority as ActionPriorityEnum,
      status: row.status as ActionStatusEnum,
      createdAt: new Date(row.createdAt),
      resolvedAt: row.resolvedAt ? new Date(row.resolvedAt) : null,
    });
  }
}
