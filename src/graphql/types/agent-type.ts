import { Field, Float, GraphQLISODateTime, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { StepUsage } from '../../history/step-usage';
import type { AgentRow } from '../../projections/agent-projection';
import { microDollars } from '../../domain/dollars';
import { AGENT_NAMES, type AgentName } from '../../domain/agents/pipeline';

/** The GraphQL enum of the team's agents, derived from their one declaration (`AGENT_NAMES`): ANALYST → 'analyst'. */
export const AgentNameEnum = Object.fromEntries(AGENT_NAMES.map((name) => [name.toUpperCase(), name])) as {
  readonly [K in AgentName as Uppercase<K>]: K;
};
export type AgentNameEnum = AgentName;
registerEnumType(AgentNameEnum, { name: 'AgentName' });

export enum AgentStatusEnum {
  IDLE = 'idle',
  THINKING = 'thinking',
  WAITING = 'waiting',
  ERROR = 'error',
  DONE = 'done',
  WARNING = 'warning',
  STOPPED = 'stopped',
}
registerEnumType(AgentStatusEnum, {
  name: 'AgentStatus',
  description:
    'IDLE: not started; THINKING: working; WAITING: for a person; ERROR: last attempt failed; DONE: output accepted; ' +
    'WARNING: done, but a person accepted its work short of done (see currentTask); STOPPED: the project was cancelled first.',
});

@ObjectType('Agent', { description: "One agent's status and token usage in one project." })
export class AgentType {
  @Field(() => AgentNameEnum) name: AgentNameEnum;
  @Field(() => AgentStatusEnum) status: AgentStatusEnum;
  @Field(() => String, { nullable: true }) currentTask: string | null;
  @Field(() => Int) attempt: number;
  @Field(() => Int) promptTokens: number;
  @Field(() => Int) completionTokens: number;
  @Field(() => Int) totalTokens: number;
  @Field(() => Int) llmCalls: number;
  @Field(() => Float, { description: 'Dollars its calls cost, at the prices they were charged at (0 for unpriced and local models).' }) costUsd: number;
  @Field(() => Int) failedCalls: number;
  @Field(() => Float, { nullable: true }) lastConfidence: number | null;
  @Field(() => String, { nullable: true }) lastError: string | null;
  @Field(() => GraphQLISODateTime) updatedAt: Date;

  static from(row: AgentRow): AgentType {
    return Object.assign(new AgentType(), {
      ...row,
      name: row.agent as AgentNameEnum,
      status: row.status as AgentStatusEnum,
      totalTokens: row.promptTokens + row.completionTokens,
      updatedAt: new Date(row.updatedAt),
    });
  }
}

@ObjectType('StepUsage', { description: "What one agent step's calls used and cost: its answer, any repair, and their retries." })
export class StepUsageType {
  @Field() stepId: string;
  @Field(() => AgentNameEnum) agent: AgentNameEnum;
  @Field(() => Int) attempt: number;
  @Field(() => Int) llmCalls: number;
  @Field(() => Int) failedCalls: number;
  @Field(() => Int) promptTokens: number;
  @Field(() => Int) completionTokens: number;
  @Field(() => Float) costUsd: number;

  static from(step: StepUsage): StepUsageType {
    return Object.assign(new StepUsageType(), { ...step, agent: step.agent as AgentNameEnum });
  }
}

@ObjectType('AgentUsage')
export class AgentUsage {
  @Field(() => AgentNameEnum) agent: AgentNameEnum;
  @Field(() => Int) promptTokens: number;
  @Field(() => Int) completionTokens: number;
  @Field(() => Int) totalTokens: number;
  @Field(() => Int) llmCalls: number;
  @Field(() => Float) costUsd: number;
}

@ObjectType('Usage', { description: 'Tokens used and dollars spent by a project, per agent and in total.' })
export class Usage {
  @Field(() => [AgentUsage]) byAgent: AgentUsage[];
  @Field(() => Int) promptTokens: number;
  @Field(() => Int) completionTokens: number;
  @Field(() => Int) totalTokens: number;
  @Field(() => Int) llmCalls: number;
  @Field(() => Int, { nullable: true, description: 'The budget in tokens, if the project has one.' }) tokenBudget: number | null;
  @Field(() => Float, { description: 'Dollars the calls cost, at the prices they were charged at.' }) costUsd: number;
  @Field(() => Float, { nullable: true, description: 'The spend budget in dollars, if the project has one.' }) budgetUsd: number | null;

  static from(rows: AgentRow[], budgets: { tokenBudget: number | null; budgetUsd?: number | null }): Usage {
    const byAgent = rows.map((r) => ({
      agent: r.agent as AgentNameEnum,
      promptTokens: r.promptTokens,
      completionTokens: r.completionTokens,
      totalTokens: r.promptTokens + r.completionTokens,
      llmCalls: r.llmCalls,
      costUsd: r.costUsd,
    }));
    const sum = (k: 'promptTokens' | 'completionTokens' | 'totalTokens' | 'llmCalls' | 'costUsd') => byAgent.reduce((n, a) => n + a[k], 0);
    return Object.assign(new Usage(), {
      byAgent,
      promptTokens: sum('promptTokens'),
      completionTokens: sum('completionTokens'),
      totalTokens: sum('totalTokens'),
      llmCalls: sum('llmCalls'),
      costUsd: microDollars(sum('costUsd')),
      tokenBudget: budgets.tokenBudget,
      budgetUsd: budgets.budgetUsd ?? null,
    });
  }
}
