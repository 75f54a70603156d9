import type { AgentInput, AgentName } from '../domain/agents/agent';
import { agentNamed } from '../domain/agents/pipeline';
import { LlmError } from './llm-error';
import type { LlmProvider, LlmRequest, LlmResponse } from './llm-port';
import { writeAnalysis } from './offline/analysis-writer';
import { writeCode } from './offline/code-writer';
import { writeDesign } from './offline/design-writer';
import { writeTests } from './offline/test-writer';

/** A token is about four characters of English; close enough for a budget when no tokenizer is at hand. */
const CHARS_PER_TOKEN = 4;

/** One writer per agent of the team: the type refuses a team member without one. */
const WRITERS: Record<AgentName, (input: AgentInput) => unknown> = {
  analyst: writeAnalysis,
  architect: writeDesign,
  developer: writeCode,
  tester: writeTests,
};

const estimateTokens = (text: string): number => Math.ceil(text.length / CHARS_PER_TOKEN);

/**
 * The writers answer whole from what they read. In a round started by a change, the files of the round before a
 * writer no longer writes are the ones the change made unnecessary, and deleting is something an answer must say.
 */
function withDeletions(name: AgentName, output: unknown, input: AgentInput): unknown {
  const agent = agentNamed(name);
  if (!input.earlier || !agent.artifactsOf || !agent.deletionsOf) return output;
  const written = new Set(agent.artifactsOf(output).map((f) => f.path));
  const gone = agent.artifactsOf(input.earlier).map((f) => f.path).filter((path) => !written.has(path));
  return gone.length ? { ...(output as Record<string, unknown>), deleted_files: gone } : output;
}

/**
 * The built-in provider that runs when no model is configured: it reads the structured input of each agent
 * (not the prose prompt) and builds that agent's answer with an NLP reading of the requirements. The same input
 * always gives the same bytes, so recorded runs replay exactly; for the same reason it reports no latency of its
 * own rather than a measured one.
 */
/** The offline provider's name, wherever its answers are recorded. */
export const OFFLINE = 'offline';

export class OfflineProvider implements LlmProvider {
  readonly name = OFFLINE;
  readonly model = 'botarmy-offline-1';

  async complete(request: LlmRequest): Promise<LlmResponse> {
    if (request.signal?.aborted) throw new LlmError('the call was cancelled', 'Aborted', false);
    const write = WRITERS[request.agent] as ((input: AgentInput) => unknown) | undefined;
    if (!write) throw new LlmError(`the offline provider has no writer for the ${request.agent}: configure a model for it`, 'UnknownAgent', false);
    const json = withDeletions(request.agent, write(request.input), request.input);
    const text = JSON.stringify(json);
    return {
      json,
      text,
      usage: {
        promptTokens: estimateTokens(request.messages.map((m) => m.content).join('\n')),
        completionTokens: estimateTokens(text),
      },
      model: this.model,
      latencyMs: 0,
    };
  }
}
