// TypeScript shapes of the GraphQL schema the dashboard reads (the server's contract).
// DateTimeISO values arrive as ISO-8601 strings; JSON values as parsed JSON.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const PROJECT_STATUSES = ['ACTIVE', 'WAITING', 'PAUSED', 'COMPLETED', 'CANCELLED', 'FAILED'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const ACTION_PRIORITIES = ['URGENT', 'HIGH', 'MEDIUM', 'LOW'] as const;
export type ActionPriority = (typeof ACTION_PRIORITIES)[number];

export type ActionStatus = 'PENDING' | 'RESOLVED' | 'CANCELLED';

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Project {
  id: string;
  name: string;
  requirements: string;
  status: ProjectStatus;
  version: number;
  confidenceThreshold: number;
  maxAttempts: number;
  tokenBudget: number | null;
  /** Dollars it may spend on model calls before a person is asked; null: no limit. */
  budgetUsd: number | null;
  /** Set when the project is a fork: the project it came from and the last version of it the fork copied. */
  forkedFrom: { projectId: string; atVersion: number } | null;
  /** What a person accepted short of done when it completed (failing tests, criteria left open). */
  warnings: { agent: string; text: string }[];
  /** The agents the project pauses before. */
  breakpoints: AgentName[];
  /** Set while PAUSED: the agent resuming starts. */
  pausedBefore: AgentName | null;
  /** 1 from the requirements; one more for each change asked for after the project ended. */
  round: number;
  /** The changes asked for, oldest first, each with the round it started. */
  changes: { round: number; text: string; requestedAt: string }[];
  /** The model this project asked for; null: the server's default. */
  model: string | null;
  /** Who answers its agents: a model and provider, or the offline rule engine. */
  answeredBy: string;
  createdAt: string;
  updatedAt: string;
}

export type ProjectSummary = Pick<Project, 'id' | 'name' | 'status' | 'version' | 'forkedFrom' | 'createdAt' | 'updatedAt'>;

export interface ProjectConnection {
  nodes: ProjectSummary[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface Message {
  id: string;
  projectId: string;
  fromAgent: string;
  toAgent: string;
  type: string;
  content: string;
  data: Json | null;
  status: string;
  confidence: number | null;
  thread: string;
  attempt: number;
  createdAt: string;
  streamVersion: number;
}

export interface MessageConnection {
  nodes: Message[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** What an option needs besides the choice: words in `response`, or an amount of tokens in `grantTokens`. */
export interface OptionInput {
  kind: 'TEXT' | 'TOKENS' | 'USD';
  prompt: string;
  required: boolean;
  offered: number | null;
}

export interface ActionOption {
  id: string;
  label: string;
  description: string | null;
  asks: OptionInput | null;
}

export interface Action {
  id: string;
  projectId: string;
  title: string;
  description: string;
  priority: ActionPriority;
  status: ActionStatus;
  /** Why the team asks: low_confidence, attempts_exhausted, budget_exceeded, tests_failing. */
  reason: string;
  agent: string | null;
  options: ActionOption[];
  chosenOptionId: string | null;
  response: string | null;
  /** Tokens the person granted with "Continue". */
  grantedTokens: number | null;
  /** Dollars the person granted with "Continue" on a spend budget. */
  grantedUsd: number | null;
  /** Supporting output, such as the failing test run. */
  attachment: string | null;
  createdAt: string;
  resolvedAt: string | null;
}

export interface ProjectEvent {
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  data: Json;
  metadata: Json;
  recordedAt: string;
  /** Large fields were left out of the live feed; read the event itself for them. */
  compacted?: boolean;
}

/** An agent of the team, as the GraphQL enum names it (ANALYST…); a project's agents, in order, are its pipeline. */
export type AgentName = string;

export const AGENT_STATUSES = ['IDLE', 'THINKING', 'WAITING', 'ERROR', 'DONE', 'WARNING', 'STOPPED'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export interface Agent {
  name: AgentName;
  status: AgentStatus;
  currentTask: string | null;
  attempt: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  llmCalls: number;
  costUsd: number;
  failedCalls: number;
  lastConfidence: number | null;
  lastError: string | null;
  updatedAt: string;
}

export type AgentProgress = Pick<Agent, 'name' | 'status'>;

export interface AgentUsage {
  agent: AgentName;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  llmCalls: number;
  costUsd: number;
}

export interface Usage {
  byAgent: AgentUsage[];
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  llmCalls: number;
  tokenBudget: number | null;
  /** Dollars the calls cost, at the prices they were charged at. */
  costUsd: number;
  budgetUsd: number | null;
}

/** A file at its latest version (no content). */
export interface Artifact {
  path: string;
  version: number;
  sha256: string;
  size: number;
  agent: string;
  updatedAt: string;
}

/** One version of a file, with its content. */
export interface ArtifactVersion {
  path: string;
  version: number;
  content: string;
  sha256: string;
  size: number;
  agent: string;
  streamVersion: number;
  createdAt: string;
}

export interface TestCaseResult {
  name: string;
  ok: boolean;
}

/** One round of a project against the round before it. */
export interface Round {
  round: number;
  /** What a person asked for; null for round 1. */
  change: string | null;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
  startedAt: string;
  stories: { id: string; status: Change; titleA: string | null; titleB: string | null; diff: string }[];
  files: { path: string; status: Change; diff: string }[];
  testRuns: Pick<TestRun, 'id' | 'status' | 'passed' | 'failed'>[];
}

export interface TestRun {
  id: string;
  round: number;
  /** running, passed or failed */
  status: string;
  command: string[] | null;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean | null;
  passed: number | null;
  failed: number | null;
  skipped: number | null;
  durationMs: number | null;
  output: string | null;
  tests: TestCaseResult[] | null;
  startedAt: string;
  completedAt: string | null;
}

/** A project and its read models as they were right after `version` (projectAt). */
export interface ProjectSnapshot {
  version: number;
  recordedAt: string;
  project: Project;
  messages: Message[];
  actions: Action[];
  agents: Agent[];
  artifacts: Artifact[];
  testRuns: TestRun[];
}

/** How far each acceptance criterion is proven (issue 13): proven by a test that killed a mutant in its code, … */
export const CRITERION_STATUSES = ['PROVEN', 'WEAK', 'FAILING', 'UNTESTED', 'ACCEPTED'] as const;
export type CriterionStatus = (typeof CRITERION_STATUSES)[number];

export interface CodeLocation {
  file: string;
  function: string | null;
}

/** A test whose name cites the criterion, its outcome in the last run, and whether it killed a mutant in its code. */
export interface CitingTest {
  name: string;
  ok: boolean;
  proving: boolean;
}

/** A small change made to the generated code; `survived` means no test noticed it. */
export interface Mutant {
  id: string;
  file: string;
  line: number;
  column: number;
  functionName: string | null;
  mutator: string;
  original: string;
  replacement: string;
  status: string;
}

export interface CriterionCoverage {
  criterionId: string;
  /** How many texts it has had under its id: a change that rewords it makes a new version. */
  version: number;
  text: string;
  status: CriterionStatus;
  implementedIn: CodeLocation[];
  tests: CitingTest[];
  survivingMutants: Mutant[];
  /** A person's words when they accepted the criterion as open. */
  acceptedWith: string | null;
}

export interface StoryCoverage {
  storyId: string;
  title: string;
  criteria: CriterionCoverage[];
}

export interface Coverage {
  projectId: string;
  /** "12 of 15 criteria proven, mutation score 78%" */
  summary: string;
  total: number;
  proven: number;
  weak: number;
  failing: number;
  untested: number;
  accepted: number;
  /** Killed mutants over those run, in percent (0–100); null when none ran since the last test run. */
  mutationScore: number | null;
  stories: StoryCoverage[];
}

/** What became of a file, story or design from project a to project b (compareProjects). */
export type Change = 'ADDED' | 'REMOVED' | 'CHANGED' | 'UNCHANGED';

export interface ComparedProject {
  project: Project;
  usage: Usage;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  lastTestRun: Pick<TestRun, 'round' | 'status' | 'passed' | 'failed'> | null;
}

export interface ProjectComparison {
  a: ComparedProject;
  b: ComparedProject;
  stories: { id: string; status: Change; titleA: string | null; titleB: string | null; diff: string }[];
  design: { status: Change; diff: string };
  files: { path: string; status: Change; diff: string }[];
  tests: { name: string; okA: boolean | null; okB: boolean | null }[];
  /** The first version where the two logs differ; null when they never do. */
  parting: { version: number; fields: string[]; a: { type: string } | null; b: { type: string } | null } | null;
}

/** Today's workflow and agents run again over a project's recording, compared event by event. */
export interface ReplayResult {
  identical: boolean;
  compared: number;
  divergence: {
    version: number;
    expectedType: string | null;
    actualType: string | null;
    fields: string[];
    differences: { path: string; expected: Json; actual: Json; diff: string | null }[];
    step: { agent: string; stepId: string } | null;
    cause: 'PROMPT_CHANGED' | 'SCHEMA_CHANGED' | 'WORKFLOW_CHANGED' | 'ANSWER_MISSING';
    explanation: string;
  } | null;
}

/** Who answers the agents on this server. */
export interface LlmInfo {
  provider: string;
  model: string;
  offline: boolean;
}
