import type { Agent } from './agent';
import { TEAM } from './team';

/**
 * Everything about the pipeline that is derived from the team: agent names for events, GraphQL and the
 * workflow, and the agents that play a part the workflow knows (whose output is the analysis, who repairs).
 */
export type AgentName = (typeof TEAM)[number]['name'];

const PIPELINE: readonly Agent<unknown, AgentName>[] = TEAM as unknown as readonly Agent<unknown, AgentName>[];

/** The names in team order; a tuple, as zod's and GraphQL's enums want one. */
export const AGENT_NAMES = PIPELINE.map((a) => a.name) as [AgentName, ...AgentName[]];

/** The pipeline projects recorded before ProjectCreated named theirs ran with. */
export const FIRST_PIPELINE: readonly AgentName[] = ['analyst', 'architect', 'developer', 'tester'];

const BY_NAME = new Map(PIPELINE.map((a) => [a.name, a]));

/** The agent of this name; every name in a recorded event passed the catalog's enum, so it is one of the team. */
export function agentNamed(name: AgentName): Agent<unknown, AgentName> {
  const agent = BY_NAME.get(name);
  if (!agent) throw new Error(`no agent named ${name} in the team`);
  return agent;
}

/** Whether the agent's accepted output is what later agents read by `given`. */
export const gives = (name: string, given: string): boolean => BY_NAME.get(name as AgentName)?.gives === given;

/** The agent of a pipeline that gives `given`, or that plays a part; null when the pipeline has none. */
export function agentIn(pipeline: readonly AgentName[], part: { gives: string } | 'repairsFailingTests' | 'provesCriteria'): AgentName | null {
  const found = pipeline.find((name) => {
    const agent = agentNamed(name);
    return typeof part === 'string' ? agent[part] === true : agent.gives === part.gives;
  });
  return found ?? null;
}
