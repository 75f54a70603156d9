import type { NewEvent } from '../events/envelope';
import { type AgentName, agentNamed } from './agents/pipeline';
import { type ArtifactLimits, checkArtifacts } from './artifact-rules';
import { DomainError } from './domain-error';
import type { ProjectState } from './project';
import { fileEvents, type WorkflowState } from './workflow';

/** A person steering a run: where it stops, when it goes on, and what an agent's accepted work says. */
export type SteeringCommand =
  | { type: 'SetBreakpoints'; agents: AgentName[] }
  | { type: 'ResumeProject' }
  | { type: 'EditOutput'; agent: AgentName; output: unknown; limits: ArtifactLimits }
  | { type: 'EditFile'; path: string; content: string; limits: ArtifactLimits };

const EDIT_STEP = /^[a-z]+-edit-\d+$/;
const editStepId = (agent: AgentName, version: number) => `${agent}-edit-${version}`;

/** Whether a step id names a person's edit rather than an agent's step: what the edit writes is the person's too. */
export function isEditStep(stepId: string): boolean {
  return EDIT_STEP.test(stepId);
}

/** Pure: the events a person's steering appends, or a refusal that says why. */
export function decideSteering(command: SteeringCommand, project: ProjectState, workflow: WorkflowState): NewEvent[] {
  if (project.status === 'none') throw new DomainError('NOT_FOUND', 'project not found', 'projectId');
  switch (command.type) {
    case 'SetBreakpoints': {
      if (project.status === 'cancelled') throw new DomainError('CONFLICT', 'project is cancelled', 'projectId');
      const outside = command.agents.filter((a) => !workflow.pipeline.includes(a));
      if (outside.length) throw new DomainError('BAD_USER_INPUT', `this project's pipeline has no ${outside.join(', ')}`, 'agents');
      const agents = workflow.pipeline.filter((a) => command.agents.includes(a));
      return [{ type: 'BreakpointsSet', data: { agents } }];
    }
    case 'ResumeProject': {
      if (!workflow.pausedBefore) throw new DomainError('CONFLICT', 'the project is not paused', 'projectId');
      return [{ type: 'ProjectResumed', data: { beforeAgent: workflow.pausedBefore } }];
    }
    case 'EditOutput':
      return editOutput(command, project, workflow);
    case 'EditFile':
      return editFile(command, workflow);
  }
}

/** While an agent or a test run works, an edit would race it: the team is stopped first. */
function mustNotBeWorking(workflow: WorkflowState): void {
  if (!workflow.pausedBefore && !workflow.pendingAction && !workflow.finished) {
    throw new DomainError('CONFLICT', 'the team is working: set a breakpoint and edit when the project pauses, or when it has finished', 'projectId');
  }
}

/** A file written by hand: new, or a new version of one the team wrote. From then on it is the person's. */
function editFile(command: Extract<SteeringCommand, { type: 'EditFile' }>, workflow: WorkflowState): NewEvent[] {
  mustNotBeWorking(workflow);
  const others = new Map(Object.keys(workflow.artifactHashes).filter((p) => p !== command.path).map((p): [string, number] => [p, 0]));
  const checked = checkArtifacts([{ path: command.path, content: command.content }], others, command.limits);
  const problem = checked.problems[0];
  if (problem) throw new DomainError('BAD_USER_INPUT', `the file cannot be written: ${problem.reason}`, /bytes/.test(problem.reason) ? 'content' : 'path');
  const [file] = checked.accepted;
  if (workflow.artifactHashes[file.path] === file.sha256) throw new DomainError('BAD_USER_INPUT', `${file.path} already holds exactly this`, 'content');
  return [{ type: 'ArtifactEditedByPerson', data: { path: file.path, version: (workflow.artifactVersions[file.path] ?? 0) + 1, content: file.content, sha256: file.sha256, size: file.size } }];
}

function editOutput(command: Extract<SteeringCommand, { type: 'EditOutput' }>, project: ProjectState, workflow: WorkflowState): NewEvent[] {
  if (project.status === 'cancelled') throw new DomainError('CONFLICT', 'project is cancelled', 'projectId');
  const accepted = workflow.agents[command.agent].accepted;
  if (!accepted) throw new DomainError('CONFLICT', `the ${command.agent} has no accepted output to edit yet`, 'agent');
  mustNotBeWorking(workflow);
  const agent = agentNamed(command.agent);
  const parsed = agent.outputSchema.safeParse(command.output);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(the output)'}: ${i.message}`);
    throw new DomainError('BAD_USER_INPUT', `not a valid ${command.agent} output: ${problems.join('; ')}`, 'output');
  }
  const output = parsed.data as Record<string, unknown>;
  const stepId = editStepId(command.agent, workflow.version + 1);
  const checked = checkArtifacts(agent.artifactsOf?.(output) ?? [], new Map(), command.limits);
  if (checked.problems.length) {
    throw new DomainError('BAD_USER_INPUT', `the files cannot be written: ${checked.problems.map((p) => `${p.path}: ${p.reason}`).join('; ')}`, 'output');
  }
  const before = new Map(checkArtifacts(agent.artifactsOf?.(accepted.output) ?? [], new Map(), command.limits).accepted.map((f) => [f.path, f.sha256]));
  return [
    { type: 'AgentOutputEdited', data: { agent: command.agent, stepId, replaces: accepted.stepId, output } },
    // Only files the edit changed get a new version; files it took out leave the workspace.
    ...fileEvents(workflow, command.agent, { stepId, attempt: accepted.attempt }, checked.accepted, { deleteMissing: true, onlyChanged: before }),
  ];
}
