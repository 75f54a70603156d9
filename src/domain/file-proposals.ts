import { createTwoFilesPatch } from 'diff';
import type { AgentName } from './agents/pipeline';
import { agentNamed } from './agents/pipeline';
import { normalizedFiles } from './artifact-rules';
import type { Escalation } from './escalation';
import type { FileProposals, WorkflowState } from './workflow';

/** The files of an accepted output that differ from what a person wrote at the same paths: proposed, not written. */
export function proposalsOf(state: WorkflowState, agent: AgentName, step: { stepId: string; attempt: number }, output: Record<string, unknown>): FileProposals | null {
  if (Object.keys(state.personFiles).length === 0) return null;
  const files = normalizedFiles(agentNamed(agent).artifactsOf?.(output) ?? []);
  const changed = files.filter((f) => state.personFiles[f.path] !== undefined && state.artifactHashes[f.path] !== f.sha256);
  return changed.length ? { agent, stepId: step.stepId, attempt: step.attempt, files: changed, taken: false } : null;
}

/** What the person is asked: each proposed file as a diff from their version to the agent's. */
export function proposalEscalation(state: WorkflowState, proposals: FileProposals): Escalation {
  const diffs = proposals.files.map((f) => createTwoFilesPatch(`yours/${f.path}`, `${proposals.agent}/${f.path}`, state.personFiles[f.path] ?? '', f.content, undefined, undefined, { context: 3 }));
  return { reason: 'person_file_changed', agent: proposals.agent, stepId: proposals.stepId, paths: proposals.files.map((f) => f.path), attachment: diffs.join('\n') };
}
