import type { z } from 'zod';

export const AGENT_NAMES = ['analyst', 'architect', 'developer', 'tester'] as const;
export type AgentName = (typeof AGENT_NAMES)[number];

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Everything an agent step may read: the project's requirements, earlier agents' accepted outputs and a person's guidance. */
export interface AgentInput {
  requirements: string;
  analysis?: import('./analyst').AnalystOutput;
  design?: import('./architect').ArchitectOutput;
  implementation?: import('./developer').DeveloperOutput;
  /** Guidance a person gave when an escalation was answered, oldest first. */
  guidance: string[];
  /** Failures from the last test run, when the developer is asked to repair its code. */
  testFailures?: string;
  /** Criteria the tests do not prove yet, with the surviving mutants in their code, when the tester is asked again. */
  proofGaps?: string;
}

/**
 * An agent is data, not a class: adding a fifth one means one new file like this and one line in the pipeline.
 * `judgeConfidence` lets the agent lower the model's self-reported confidence when its output is structurally thin.
 */
export interface Agent<O> {
  name: AgentName;
  role: string;
  systemPrompt: string;
  buildUserPrompt(input: AgentInput): string;
  outputSchema: z.ZodType<O>;
  judgeConfidence(output: O, input: AgentInput): number;
  /** A one-line summary of an accepted output, used as the handoff message text. */
  summarize(output: O): string;
  /** The files the output asks to write into the project's workspace, if it writes any. */
  artifactsOf?(output: O): import('./developer').SourceFile[];
}

export function guidanceSection(input: AgentInput): string {
  if (input.guidance.length === 0) return '';
  return `\n\nGuidance from a person (follow it):\n${input.guidance.map((g, i) => `${i + 1}. ${g}`).join('\n')}`;
}

export function clamp01(n: number): number {
  return Math.max(0, Math.min(1, n));
}
