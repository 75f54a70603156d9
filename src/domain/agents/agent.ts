import type { z } from 'zod';

export type { AgentName } from './pipeline';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * Everything an agent step may read: the project's requirements, the accepted outputs of earlier agents it
 * declares it reads (each under the name its agent gives it) and a person's guidance.
 */
export interface AgentInput {
  requirements: string;
  analysis?: import('./analyst').AnalystOutput;
  design?: import('./architect').ArchitectOutput;
  implementation?: import('./developer').DeveloperOutput;
  tests?: import('./tester').TesterOutput;
  /** Outputs of agents beyond the four above, by the name they give them. */
  [given: string]: unknown;
  /** Guidance a person gave when an escalation was answered, oldest first. */
  guidance: string[];
  /** Failures from the last test run, when the developer is asked to repair its code. */
  testFailures?: string;
  /** Criteria the tests do not prove yet, with the surviving mutants in their code, when the tester is asked again. */
  proofGaps?: string;
  /** Changes a person asked for after the project ended, oldest first: requirements that come after the first ones. */
  changes?: string[];
  /** The agent's own output accepted in the round before, in a round started by a change: what it amends. */
  earlier?: Record<string, unknown>;
  /** Files a person wrote by hand, for agents that write files: kept as they are unless the person takes a change. */
  personFiles?: { path: string; content: string }[];
}

/**
 * An agent is data, not a class: adding a fifth one means one new file like this and one line in the team
 * (`team.ts`). What it reads and what part it plays are declared here, and the workflow, projections, GraphQL
 * and the client follow from them. `judgeConfidence` lets the agent lower the model's self-reported confidence
 * when its output is structurally thin.
 */
export interface Agent<O, N extends string = string> {
  name: N;
  role: string;
  /**
   * The name later agents read its accepted output by. Three names also tell the workflow what the output is:
   * `analysis` holds the stories and criteria the work is judged by, `implementation` the code a mutation run
   * changes, `tests` the tests a run loads.
   */
  gives: string;
  /** Earlier outputs it reads, by the names their agents give them. */
  reads: readonly string[];
  /** It is sent back with the failures when the tests fail. */
  repairsFailingTests?: true;
  /** It is sent back with the criteria its tests do not prove. */
  provesCriteria?: true;
  systemPrompt: string;
  buildUserPrompt(input: AgentInput): string;
  outputSchema: z.ZodType<O>;
  judgeConfidence(output: O, input: AgentInput): number;
  /** What a schema-valid output still gets wrong against its input: answered like a schema error (repair, then refusal). */
  problemsWith?(output: O, input: AgentInput): string[];
  /** A one-line summary of an accepted output, used as the handoff message text. */
  summarize(output: O): string;
  /** The files the output asks to write into the project's workspace, if it writes any. */
  artifactsOf?(output: O): import('./developer').SourceFile[];
  /** The paths of its earlier files the output asks to delete (in a round started by a change). */
  deletionsOf?(output: O): string[];
}

/** What people said beyond the requirements: answers to escalations, and the changes asked for after an ended round. */
export function guidanceSection(input: AgentInput): string {
  const guidance = input.guidance.length ? `\n\nGuidance from a person (follow it):\n${input.guidance.map((g, i) => `${i + 1}. ${g}`).join('\n')}` : '';
  return guidance + changeSection(input) + personFilesSection(input);
}

function personFilesSection(input: AgentInput): string {
  if (!input.personFiles?.length) return '';
  const files = input.personFiles.map((f) => `--- ${f.path}\n${f.content}`).join('\n');
  return `\n\nFiles a person wrote by hand: build on them as they are. Return them unchanged unless your work needs them different; a change you make to one is shown to the person to take or leave.\n${files}`;
}

function changeSection(input: AgentInput): string {
  if (!input.changes?.length) return '';
  const changes = `\n\nChanges a person asked for after the first version, oldest first (they win over the requirements where they differ):\n${input.changes.map((c, i) => `${i + 1}. ${c}`).join('\n')}`;
  const earlier = input.earlier
    ? `\n\nYour answer in the round before, to amend: keep what still holds as it was, with the same ids and paths; a criterion the change rewords keeps its id (the new text is its next version); give new stories and criteria new ids; list the ids of stories the change removes in removed_stories, and the paths of your files it makes unnecessary in deleted_files (a file you leave out is kept); return the whole answer.\n${JSON.stringify(input.earlier, null, 2)}`
    : '';
  return changes + earlier;
}

export function clamp01(n: number): number {
  return Math.max(0, Math.min(1, n));
}
