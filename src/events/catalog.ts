import { z } from 'zod';
import { InvalidEventError } from './errors';
import { AGENT_NAMES } from '../domain/agents/pipeline';

/**
 * The catalog of every event the log may hold. Each type has a payload schema and a schema version;
 * nothing outside this catalog, and no payload that fails its schema, is ever appended.
 */

const agentName = z.enum(AGENT_NAMES);
/** Participants of the conversation: the four agents, the person who asked, and the system. */
const participant = z.union([agentName, z.enum(['user', 'human', 'system'])]);

export const projectSettingsSchema = z.object({
  confidenceThreshold: z.number().min(0).max(1),
  maxAttempts: z.number().int().min(1).max(10),
  /** Rounds of developer fixes after failing tests before a person is asked. */
  maxRepairRounds: z.number().int().min(0).max(10),
  tokenBudget: z.number().int().min(0).nullable(),
  /** Dollars the project may spend on models before a person is asked; absent or null: no limit. */
  budgetUsd: z.number().positive().nullable().optional(),
  model: z.string().nullable(),
  /** Agents the project pauses before, so a person can read and edit what came before them (absent: none). */
  breakpoints: z.array(agentName).optional(),
  /** An agent's system prompt replaced for this project (set by a fork); absent agents use their own. */
  systemPrompts: z.partialRecord(agentName, z.string().min(1).max(20000)).optional(),
  /**
   * Proof of the acceptance criteria (mutation testing after green tests, the tester asked again for what is not
   * proven). Absent in projects recorded before it existed, which therefore replay without a proof step.
   */
  proof: z
    .object({
      /** Rounds of the tester being asked again for untested or weak criteria before a person is asked. */
      maxRounds: z.number().int().min(0).max(10),
      /** Time budget of one mutation run. */
      mutationBudgetMs: z.number().int().min(1000),
    })
    .optional(),
});
export type ProjectSettings = z.infer<typeof projectSettingsSchema>;

const forkOverrides = z.object({
  name: z.string().optional(),
  requirements: z.string().optional(),
  confidenceThreshold: z.number().min(0).max(1).optional(),
  model: z.string().optional(),
  systemPrompts: projectSettingsSchema.shape.systemPrompts,
  /** Agents the fork pauses before, so a person can edit what it inherited before the team goes on. */
  breakpoints: projectSettingsSchema.shape.breakpoints,
});
export type ForkOverrides = z.infer<typeof forkOverrides>;

const chatMessage = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });

/** How a call asks for JSON: a JSON schema, plain JSON mode, or the schema written into the prompt. */
export const OUTPUT_MODES = ['json_schema', 'json_object', 'prompt'] as const;
const outputMode = z.enum(OUTPUT_MODES);
export type OutputMode = z.infer<typeof outputMode>;

/** What every LLM call event records, answered or failed. */
const llmCall = z.object({
  stepId: z.string().min(1),
  agent: agentName,
  attempt: z.number().int().min(1),
  purpose: z.enum(['answer', 'repair']),
  provider: z.string().min(1),
  model: z.string().min(1),
  latencyMs: z.number().min(0),
  /** sha256 of the canonical request (model, messages, schema): how a replay matches recorded answers. */
  requestHash: z.string().min(1),
});

export const actionOptionSchema = z.object({
  id: z.string().min(1),
  label: z.string().min(1),
  description: z.string().optional(),
  /**
   * What the option needs from the person besides the choice, so every client asks for it: words (guidance, or
   * requirements that replace the old ones), or an amount of tokens to grant, with the amount offered.
   */
  asks: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('text'), prompt: z.string().min(1), required: z.boolean() }),
      z.object({ kind: z.literal('tokens'), prompt: z.string().min(1), offered: z.number().int().min(1) }),
      z.object({ kind: z.literal('usd'), prompt: z.string().min(1), offered: z.number().positive() }),
    ])
    .optional(),
});
export type ActionOption = z.infer<typeof actionOptionSchema>;

/** One mutant of the generated code and what the tests did to it. */
export const mutantSchema = z.object({
  id: z.string().min(1),
  file: z.string().min(1),
  line: z.number().int().min(1),
  column: z.number().int().min(0),
  /** The innermost named function around the mutant, so a criterion implemented by a function can claim it. */
  functionName: z.string().nullable(),
  mutator: z.string().min(1),
  /** The code before and after, as small as the mutator made the change. */
  original: z.string(),
  replacement: z.string(),
  status: z.enum(['killed', 'survived', 'timeout', 'error', 'skipped']),
  /** Names of the tests that failed with the mutant in place. */
  killedBy: z.array(z.string()),
});
export type Mutant = z.infer<typeof mutantSchema>;

export const ACTION_PRIORITIES = ['urgent', 'high', 'medium', 'low'] as const;

const schemas = {
  ProjectCreated: {
    version: 1,
    schema: z.object({
      name: z.string().trim().min(1).max(200),
      requirements: z.string().trim().min(1).max(20000),
      settings: projectSettingsSchema,
      /**
       * The agents the project runs, in order: the team when it was created, so its history replays with the
       * pipeline it ran with. Absent in projects recorded before, which ran the first four.
       */
      pipeline: z
        .array(agentName)
        .min(1)
        .refine((names) => new Set(names).size === names.length, 'an agent appears once in a pipeline')
        .optional(),
    }),
  },
  MessageSent: {
    version: 1,
    schema: z.object({
      messageId: z.string().min(1),
      fromAgent: participant,
      toAgent: participant,
      type: z.enum(['handoff', 'question', 'answer', 'status', 'feedback']),
      content: z.string(),
      data: z.unknown().optional(),
      confidence: z.number().min(0).max(1).nullable(),
      thread: z.string().min(1),
      attempt: z.number().int().min(0),
    }),
  },
  ActionRequested: {
    version: 1,
    schema: z.object({
      actionId: z.string().min(1),
      title: z.string().min(1),
      description: z.string(),
      priority: z.enum(ACTION_PRIORITIES),
      options: z.array(actionOptionSchema).min(1),
      agent: agentName.nullable(),
      reason: z.enum(['low_confidence', 'attempts_exhausted', 'budget_exceeded', 'tests_failing', 'question', 'step_timeout', 'criteria_unproven', 'person_file_changed']),
      /** For `criteria_unproven`: the criteria a person is asked to accept as open. */
      criteria: z.array(z.string()).optional(),
      /** The step the question is about, when it is about one. */
      stepId: z.string().optional(),
      attachment: z.string().optional(),
    }),
  },
  ActionResolved: {
    version: 1,
    schema: z
      .object({
        actionId: z.string().min(1),
        optionId: z.string().min(1).nullable(),
        response: z.string().nullable(),
        /** Tokens granted with `continue`; absent in answers recorded before an amount could be chosen (one budget's size). */
        grantTokens: z.number().int().min(1).optional(),
        /** Dollars granted with `continue` on a spend budget. */
        grantUsd: z.number().positive().optional(),
      })
      .refine((d) => d.optionId !== null || (d.response !== null && d.response.trim() !== ''), {
        message: 'an option or a response is required',
      }),
  },
  AgentStepStarted: {
    version: 1,
    schema: z.object({
      stepId: z.string().min(1),
      agent: agentName,
      attempt: z.number().int().min(1),
      /** Guidance from people that this attempt's prompt carries. */
      guidance: z.array(z.string()),
    }),
  },
  LlmCallCompleted: {
    version: 1,
    schema: llmCall.extend({
      messages: z.array(chatMessage),
      rawAnswer: z.string(),
      promptTokens: z.number().int().min(0),
      completionTokens: z.number().int().min(0),
      /** Of the prompt tokens, those the server served from its cache (cheaper), when it says. */
      cachedPromptTokens: z.number().int().min(0).optional(),
      /** What the call cost in dollars at the price the model had (0 for an unpriced or local model); absent in calls recorded before prices. */
      costUsd: z.number().min(0).optional(),
      /** How it asked for JSON, when the provider has modes. */
      mode: outputMode.optional(),
      /** Why the server stopped; `length` means the answer was cut at the token limit. */
      finishReason: z.string().max(100).optional(),
      /** The answer limit the call asked for, when it asked for one (after an answer was cut). */
      maxTokens: z.number().int().min(1).optional(),
    }),
  },
  LlmCallFailed: {
    version: 1,
    schema: llmCall.extend({
      errorClass: z.string().min(1),
      message: z.string(),
      retryable: z.boolean(),
      status: z.number().int().nullable(),
    }),
  },
  /**
   * Which way of asking for JSON a server and model take, found by trying them in order on a first call (or again
   * when the one in use stopped giving JSON). The refused tries are LlmCallFailed events before it.
   */
  EndpointProbed: {
    version: 1,
    schema: z.object({
      stepId: z.string().min(1),
      agent: agentName,
      provider: z.string().min(1),
      /** The server's base URL, without credentials. */
      endpoint: z.string().max(500).optional(),
      model: z.string().min(1),
      reason: z.enum(['first_call', 'mode_failed']),
      tried: z.array(z.object({ mode: outputMode, status: z.number().int().nullable(), errorClass: z.string().min(1), message: z.string() })),
      chosen: outputMode,
    }),
  },
  AgentOutputRejected: {
    version: 1,
    schema: z.object({
      stepId: z.string().min(1),
      agent: agentName,
      attempt: z.number().int().min(1),
      /**
       * Why the attempt failed: the call failed, the answer was not valid JSON for the schema even after a
       * repair, its files broke a rule, the step passed its deadline, or the step itself crashed.
       */
      reason: z.enum(['call_failed', 'invalid_output', 'unsafe_artifact', 'timed_out', 'crashed', 'over_budget']),
      errors: z.array(z.string()),
      /** For `timed_out`: the step's deadline, which the person is told. */
      deadlineMs: z.number().int().min(1).optional(),
    }),
  },
  AgentOutputProduced: {
    version: 1,
    schema: z.object({
      stepId: z.string().min(1),
      agent: agentName,
      attempt: z.number().int().min(1),
      output: z.record(z.string(), z.unknown()),
      /** The confidence the agent's rules judged, never above what the model reported. */
      confidence: z.number().min(0).max(1),
      modelConfidence: z.number().min(0).max(1),
    }),
  },
  AgentOutputAccepted: {
    version: 1,
    schema: z.object({
      stepId: z.string().min(1),
      agent: agentName,
      attempt: z.number().int().min(1),
      output: z.record(z.string(), z.unknown()),
      confidence: z.number().min(0).max(1),
      acceptedBy: z.enum(['threshold', 'person']),
    }),
  },
  ArtifactWritten: {
    version: 1,
    schema: z.object({
      stepId: z.string().min(1),
      agent: agentName,
      attempt: z.number().int().min(1),
      path: z.string().min(1),
      /** 1 for a path's first write, then 2, 3…: the same path written again is a new version. */
      version: z.number().int().min(1),
      content: z.string(),
      sha256: z.string().length(64),
      size: z.number().int().min(0),
    }),
  },
  /**
   * A file the agent that wrote it no longer returns after starting over (a retry, or a fork that changed what it
   * reads): it leaves the workspace. Its versions stay in the log.
   */
  ArtifactDeleted: {
    version: 1,
    schema: z.object({
      stepId: z.string().min(1),
      agent: agentName,
      path: z.string().min(1),
      /** The version that was deleted: the last one written. */
      version: z.number().int().min(1),
    }),
  },
  ArtifactRejected: {
    version: 1,
    schema: z.object({
      stepId: z.string().min(1),
      agent: agentName,
      attempt: z.number().int().min(1),
      path: z.string(),
      reason: z.string().min(1),
    }),
  },
  TestRunStarted: {
    version: 1,
    schema: z.object({ runId: z.string().min(1), round: z.number().int().min(1) }),
  },
  TestRunCompleted: {
    version: 1,
    schema: z.object({
      runId: z.string().min(1),
      round: z.number().int().min(1),
      command: z.array(z.string()),
      exitCode: z.number().int().nullable(),
      signal: z.string().nullable(),
      timedOut: z.boolean(),
      passed: z.number().int().min(0),
      failed: z.number().int().min(0),
      skipped: z.number().int().min(0),
      durationMs: z.number().min(0),
      /** The last 20 kB of what the run printed. */
      output: z.string(),
      /** Each test by name and outcome, so a test named after S1.AC2 traces back to its story. */
      tests: z.array(z.object({ name: z.string(), ok: z.boolean() })),
    }),
  },
  MutationRunStarted: {
    version: 1,
    schema: z.object({ runId: z.string().min(1), round: z.number().int().min(1) }),
  },
  MutationRunCompleted: {
    version: 1,
    schema: z.object({
      runId: z.string().min(1),
      round: z.number().int().min(1),
      /** What made the mutants (name and version), so a score can be compared across runs. */
      tool: z.string().min(1),
      durationMs: z.number().min(0),
      budgetMs: z.number().int().min(0),
      /** The budget ran out: the mutants not run are `skipped`. */
      budgetExceeded: z.boolean(),
      created: z.number().int().min(0),
      killed: z.number().int().min(0),
      survived: z.number().int().min(0),
      timedOut: z.number().int().min(0),
      mutants: z.array(mutantSchema),
      /** What went wrong, if the run could not be carried out (the mutants are then empty). */
      error: z.string().nullable(),
    }),
  },
  ProjectForked: {
    version: 1,
    schema: z.object({
      fromProjectId: z.string().min(1),
      atVersion: z.number().int().min(1),
      /**
       * What the fork changed, in effect from here on: name, requirements, confidenceThreshold, model, systemPrompts.
       * Forks recorded before this took effect here copied their overrides into their ProjectCreated instead, so
       * applying them again here changes nothing for those.
       */
      overrides: forkOverrides,
    }),
  },
  /** A person chose the agents the project pauses before; replaces the earlier choice. */
  BreakpointsSet: {
    version: 1,
    schema: z.object({ agents: z.array(agentName) }),
  },
  /**
   * One server instance took launched work (an agent step, a test or mutation run) of a project that several
   * instances share: appended at the stream's version, so exactly one takes it; another may take it over once the
   * lease has passed (its holder died).
   */
  StepClaimed: {
    version: 1,
    schema: z.object({
      workId: z.string().min(1),
      instance: z.string().min(1).max(200),
      leaseUntil: z.iso.datetime(),
    }),
  },
  /** The project stopped before an agent with a breakpoint, for a person to read, edit and resume. */
  ProjectPaused: {
    version: 1,
    schema: z.object({ beforeAgent: agentName }),
  },
  ProjectResumed: {
    version: 1,
    schema: z.object({ beforeAgent: agentName }),
  },
  /**
   * A person replaced an agent's accepted output (its files follow as ArtifactWritten/ArtifactDeleted). The agents
   * after it work again from the edited output.
   */
  AgentOutputEdited: {
    version: 1,
    schema: z.object({
      agent: agentName,
      /** The edit's own step id, so what it writes is told apart from the agent's steps. */
      stepId: z.string().min(1),
      /** The accepted step the edit replaces. */
      replaces: z.string().min(1),
      output: z.record(z.string(), z.unknown()),
    }),
  },
  StepRetryRequested: {
    version: 1,
    schema: z.object({
      agent: agentName,
      guidance: z.string().nullable(),
    }),
  },
  /**
   * A person wrote a file of the workspace by hand. From then on it is theirs: an agent's answer that would change it
   * is shown to them as a diff to accept, never written over it.
   */
  ArtifactEditedByPerson: {
    version: 1,
    schema: z.object({
      path: z.string().min(1),
      version: z.number().int().min(1),
      content: z.string(),
      sha256: z.string().length(64),
      size: z.number().int().min(0),
    }),
  },
  /**
   * A person asked for more of a project that had ended (completed, failed or cancelled): a new round starts from
   * the first agent, which works from the requirements, every change asked for so far and its own earlier answer.
   */
  ChangeRequested: {
    version: 1,
    schema: z.object({
      /** 2 for the first change: round 1 is the requirements. */
      round: z.number().int().min(2),
      text: z.string().min(1),
    }),
  },
  ProjectCompleted: {
    version: 1,
    schema: z.object({
      summary: z.string(),
      /** What a person accepted short of done (failing tests, criteria left open), by the agent it concerns. */
      warnings: z.array(z.object({ agent: agentName, text: z.string().min(1) })).optional(),
    }),
  },
  ProjectCancelled: {
    version: 1,
    schema: z.object({ reason: z.string() }),
  },
  ProjectFailed: {
    version: 1,
    schema: z.object({ reason: z.string() }),
  },
} as const;

type Catalog = typeof schemas;
export type EventType = keyof Catalog;
export type EventData<T extends EventType> = z.infer<Catalog[T]['schema']>;

export const EVENT_TYPES = Object.keys(schemas) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(schemas, type);
}

export function schemaVersionOf(type: EventType): number {
  return schemas[type].version;
}

/** Checks an event against the catalog and returns its payload as the schema parsed it; throws InvalidEventError. */
export function validateEvent<T extends EventType>(type: string, data: unknown): EventData<T> {
  if (!isEventType(type)) throw new InvalidEventError(type, [`unknown event type "${type}"`]);
  const result = schemas[type].schema.safeParse(data);
  if (!result.success) {
    throw new InvalidEventError(
      type,
      result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'data'}: ${i.message}`),
    );
  }
  return result.data as EventData<T>;
}
