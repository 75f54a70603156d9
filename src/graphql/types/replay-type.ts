import { GraphQLJSON } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Difference, Divergence, DivergenceCause } from '../../history/divergence';
import type { ReplayResult } from '../../history/replay';

export enum DivergenceCauseEnum {
  PROMPT_CHANGED = 'prompt_changed',
  SCHEMA_CHANGED = 'schema_changed',
  WORKFLOW_CHANGED = 'workflow_changed',
  ANSWER_MISSING = 'answer_missing',
}
registerEnumType(DivergenceCauseEnum, {
  name: 'DivergenceCause',
  description:
    "PROMPT_CHANGED: today's request differs from the recorded one; SCHEMA_CHANGED: the same answer is judged differently; " +
    'WORKFLOW_CHANGED: the workflow decides something else; ANSWER_MISSING: today asks a question the recording never answered.',
});

@ObjectType({ description: 'One value that differs, whole, with a unified diff when both sides are text.' })
export class DifferenceType {
  @Field({ description: 'Where in the event, e.g. data.messages[1].content.' }) path: string;
  @Field(() => GraphQLJSON, { nullable: true }) expected: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) actual: unknown;
  @Field(() => String, { nullable: true }) diff: string | null;

  static from(d: Difference): DifferenceType {
    return Object.assign(new DifferenceType(), { path: d.path, expected: d.expected, actual: d.actual, diff: d.diff ?? null });
  }
}

@ObjectType({ description: 'The step an event belongs to.' })
export class ReplayStepType {
  @Field() agent: string;
  @Field() stepId: string;
}

@ObjectType({ description: 'The first event where today differs from the recording.' })
export class DivergenceType {
  @Field(() => Int) version: number;
  @Field(() => String, { nullable: true, description: 'The recorded event type; null when the recording ends here.' }) expectedType: string | null;
  @Field(() => String, { nullable: true, description: "Today's event type; null when today appends nothing here." }) actualType: string | null;
  @Field(() => [String]) fields: string[];
  @Field(() => [DifferenceType]) differences: DifferenceType[];
  @Field(() => ReplayStepType, { nullable: true }) step: ReplayStepType | null;
  @Field(() => DivergenceCauseEnum) cause: DivergenceCause;
  @Field() explanation: string;

  static from(d: Divergence): DivergenceType {
    return Object.assign(new DivergenceType(), {
      version: d.version,
      expectedType: d.expected?.type ?? null,
      actualType: d.actual?.type ?? null,
      fields: d.fields,
      differences: d.differences.map(DifferenceType.from),
      step: d.step,
      cause: d.cause,
      explanation: d.explanation,
    });
  }
}

@ObjectType({ description: "Today's workflow and agents run again over the recording, compared event by event." })
export class ReplayResultType {
  @Field() identical: boolean;
  @Field(() => Int, { description: 'Events that came out the same before the first divergence.' }) compared: number;
  @Field(() => DivergenceType, { nullable: true }) divergence: DivergenceType | null;

  static from(r: ReplayResult): ReplayResultType {
    return Object.assign(new ReplayResultType(), {
      identical: r.identical,
      compared: r.compared,
      divergence: r.divergence ? DivergenceType.from(r.divergence) : null,
    });
  }
}
