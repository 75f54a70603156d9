import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ActionOption } from '../../events/catalog';
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

export enum OptionInputKindEnum {
  TEXT = 'text',
  TOKENS = 'tokens',
  USD = 'usd',
}
registerEnumType(OptionInputKindEnum, { name: 'OptionInputKind', description: 'TEXT: words in `response`; TOKENS: an amount in `grantTokens`; USD: dollars in `grantUsd`.' });

@ObjectType({ description: 'What an option needs from the person besides the choice.' })
export class OptionInputType {
  @Field(() => OptionInputKindEnum) kind: OptionInputKindEnum;
  @Field() prompt: string;
  @Field({ description: 'TEXT: the option is refused without words.' }) required: boolean;
  @Field(() => Float, { nullable: true, description: 'TOKENS, USD: the amount granted when none is given.' }) offered: number | null;
}

@ObjectType()
export class ActionOptionType {
  @Field() id: string;
  @Field() label: string;
  @Field({ nullable: true }) description?: string;
  @Field(() => OptionInputType, { nullable: true }) asks: OptionInputType | null;

  static from(option: ActionOption): ActionOptionType {
    const asks = option.asks
      ? option.asks.kind === 'text'
        ? { kind: OptionInputKindEnum.TEXT, prompt: option.asks.prompt, required: option.asks.required, offered: null }
        : { kind: option.asks.kind === 'usd' ? OptionInputKindEnum.USD : OptionInputKindEnum.TOKENS, prompt: option.asks.prompt, required: false, offered: option.asks.offered }
      : null;
    return Object.assign(new ActionOptionType(), { id: option.id, label: option.label, description: option.description, asks });
  }
}

@ObjectType('Action', { description: 'A question the team put to a person; the project waits until it is answered.' })
export class Action {
  @Field(() => ID) id: string;
  @Field(() => ID) projectId: string;
  @Field() title: string;
  @Field() description: string;
  @Field(() => ActionPriorityEnum) priority: ActionPriorityEnum;
  @Field(() => ActionStatusEnum) status: ActionStatusEnum;
  @Field({ description: 'Why the team asks: low_confidence, attempts_exhausted, budget_exceeded, tests_failing, step_timeout, criteria_unproven, person_file_changed.' })
  reason: string;
  @Field(() => String, { nullable: true }) agent: string | null;
  @Field(() => [ActionOptionType]) options: ActionOptionType[];
  @Field(() => String, { nullable: true }) chosenOptionId: string | null;
  @Field(() => String, { nullable: true }) response: string | null;
  @Field(() => Int, { nullable: true, description: 'Tokens the person granted with "Continue".' }) grantedTokens: number | null;
  @Field(() => Float, { nullable: true, description: 'Dollars the person granted with "Continue" on a spend budget.' }) grantedUsd: number | null;
  @Field(() => String, { nullable: true, description: 'Supporting output, such as the failing test run.' })
  attachment: string | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) resolvedAt: Date | null;

  static from(row: ActionRow): Action {
    return Object.assign(new Action(), {
      ...row,
      options: row.options.map(ActionOptionType.from),
      priority: row.priority as ActionPriorityEnum,
      status: row.status as ActionStatusEnum,
      createdAt: new Date(row.createdAt),
      resolvedAt: row.resolvedAt ? new Date(row.resolvedAt) : null,
    });
  }
}
