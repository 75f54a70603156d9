import type { Agent, AgentInput } from './agents/agent';
import { normalizeArtifactPath } from './artifact-rules';

/**
 * In a round started by a change, an agent that writes files says which of its earlier files the change makes
 * unnecessary: nothing is deleted by leaving a file out, so an old module and its tests cannot vanish by accident.
 */

/** A path in its normal form, or null when it cannot be one. */
function normalPath(raw: string): string | null {
  const normalized = normalizeArtifactPath(raw);
  return 'path' in normalized ? normalized.path : null;
}

/** The paths an accepted output deletes, in their normal form (they were checked when it was produced). */
export function deletedPaths(agent: Agent<unknown>, output: unknown): string[] {
  return (agent.deletionsOf?.(output) ?? []).map(normalPath).filter((path): path is string => path !== null);
}

/**
 * What is wrong with the deletions an answer asks for, answered like a schema error: only a file of the agent's
 * answer in the round before may go, and not one the same answer writes again.
 */
export function deletionProblems(agent: Agent<unknown>, output: unknown, input: AgentInput): string[] {
  const asked = agent.deletionsOf?.(output) ?? [];
  if (asked.length === 0) return [];
  const earlier = new Set((input.earlier ? (agent.artifactsOf?.(input.earlier) ?? []) : []).map((f) => normalPath(f.path)));
  const written = new Set((agent.artifactsOf?.(output) ?? []).map((f) => normalPath(f.path)));
  return asked.flatMap((raw) => {
    const path = normalPath(raw);
    if (path === null || !earlier.has(path)) return [`deleted_files: ${JSON.stringify(raw)} is not one of your files of the round before`];
    if (written.has(path)) return [`deleted_files: ${path} is also in your files: write it or delete it, not both`];
    return [];
  });
}
