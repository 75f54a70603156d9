import type { Mutant, ProjectSettings } from '../events/catalog';
import type { AnyStoredEvent, NewEvent, StoredEvent } from '../events/envelope';
import { canonicalJson } from '../events/canonical-json';
import type { AgentInput } from './agents/agent';
import type { AnalystOutput } from './agents/analyst';
import type { DeveloperOutput } from './agents/developer';
import { AGENT_NAMES, type AgentName, FIRST_PIPELINE, agentIn, agentNamed, gives } from './agents/pipeline';
import { type CheckedArtifact, normalizedFiles } from './artifact-rules';
import { settingsAfterFork } from './fork-settings';
import { type Escalation, OPTION, escalationEvent } from './escalation';
import { type Criterion, type CriterionProof, carryAcceptance, criteriaOf, implementationsOf, judgeProof, proofSummary } from './proof';
import { addUsd } from './dollars';
import { deletedPaths } from './file-deletions';
import { proposalEscalation, proposalsOf } from './file-proposals';

/**
 * The process manager, pure: `foldWorkflow` reads a project's stream into the state of its pipeline and
 * `nextCommand` says what should happen next. It is level-triggered — the answer depends only on the state,
 * not on which event arrived last — so after a restart the same function resumes every unfinished step.
 */

interface StepRef {
  stepId: string;
  attempt: number;
}

export interface AgentProgress {
  attempts: number;
  /** Attempts since a person last answered for this agent: what the attempt limit counts. */
  attemptsSinceAnswer: number;
  guidance: string[];
  running: (StepRef & { guidance: string[] }) | null;
  produced: (StepRef & { output: Record<string, unknown>; confidence: number }) | null;
  personAccepted: boolean;
  accepted: (StepRef & { output: Record<string, unknown> }) | null;
  lastFailure: (StepRef & { errors: string[] }) | null;
  /** The last attempt passed the step's deadline: a person decides, rather than another attempt waiting as long. */
  timedOut: (StepRef & { deadlineMs: number | null; errors: string[] }) | null;
  /** What the last failing test run said, for the developer's next round. */
  testFailures: string | null;
  /** What the tests do not prove yet, for the tester's next round. */
  proofGaps: string | null;
  /** The output accepted before the agent was sent back for rework: an answer equal to it changes nothing. */
  previous: (StepRef & { output: Record<string, unknown> }) | null;
  /** The rework answered exactly as the step before it: another round of tests would only repeat the last. */
  repeated: { stepId: string; sameAs: string } | null;
  /** A person or a fork sent it back to the start: files of its own that its next output leaves out are deleted. */
  startedOver: boolean;
  /** The model's last answer, by step: what a failure is judged by, and what a person sees of it. */
  lastAnswer: { stepId: string; raw: string } | null;
  /** The last failure's errors and answer, as one string: two failures alike are a loop, not bad luck. */
  failureSignature: string | null;
  /** Two attempts in a row failed the same way: a person decides before a third is paid for. */
  sameFailure: { first: string; second: string; answer: string | null } | null;
  /** Its output accepted in the round before this one: what it amends for a change a person asked for. */
  earlier: Record<string, unknown> | null;
}

export interface TestProgress {
  runs: number;
  /** Started and not finished (a restart mid-run runs it again). */
  running: { runId: string; round: number } | null;
  /** Code changed since the last run: the developer's or tester's files were accepted. */
  needsRun: boolean;
  lastPassed: boolean;
  repairs: number;
  /** The repairs are over: used up, or stopped because the last one left as many tests failing as `before`. */
  exhausted: (StepRef & { failed: number; output: string; before?: number }) | null;
  personAccepted: boolean;
  /** The last run's tests: what the criteria's proof reads. */
  lastTests: { name: string; ok: boolean }[] | null;
  /** The last run's failures and output, for a person asked about them. */
  lastRun: { failed: number; output: string } | null;
}

export interface MutationProgress {
  runs: number;
  /** Started and not finished (a restart mid-run runs it again). */
  running: { runId: string; round: number } | null;
  /** A run finished since the developer's or tester's files last changed. */
  current: boolean;
  /** The last finished run; a run that could not be carried out counts as one without mutants. */
  last: { runId: string; round: number; mutants: Mutant[]; error: string | null } | null;
}

export interface ProofProgress {
  /** Times the tester was asked again for criteria its tests do not prove. */
  rounds: number;
  /** Criterion id → the person's words, for criteria a person accepted as open. */
  accepted: Record<string, string>;
  /** The criteria of the analysis last accepted: what a person's acceptance was given for. */
  criteria: Criterion[];
}

export interface PendingEscalation {
  actionId: string;
  reason: string;
  agent: AgentName | null;
  /** For `criteria_unproven`: what accepting it accepts. */
  criteria: string[];
}

export interface WorkflowState {
  projectId: string;
  exists: boolean;
  finished: boolean;
  requirements: string;
  settings: ProjectSettings | null;
  version: number;
  /** The agents this project runs, in order: the team as it was when the project was created. */
  pipeline: readonly AgentName[];
  agents: Record<AgentName, AgentProgress>;
  pendingAction: PendingEscalation | null;
  abortRequested: boolean;
  tokensUsed: number;
  tokensGranted: number;
  /** Dollars the recorded calls cost, and dollars a person granted beyond the budget. */
  spentUsd: number;
  grantedUsd: number;
  tests: TestProgress;
  mutation: MutationProgress;
  proof: ProofProgress;
  /** The latest version number of each file written so far, deleted ones included (a rewrite numbers on). */
  artifactVersions: Record<string, number>;
  /** The files in the workspace now, with the agent that wrote each. */
  liveArtifacts: Record<string, AgentName>;
  /** Stopped before this agent by a breakpoint, until a person resumes. */
  pausedBefore: AgentName | null;
  /** Breakpoints already stopped at and resumed from: each stops the project once per round of its agent. */
  passedBreakpoints: AgentName[];
  /** Launched work taken by a server instance, by step or run id (only when several instances share the log). */
  claims: Record<string, { instance: string; leaseUntil: string }>;
  /** The last claim taken: the instance that drives the project while its lease lasts. */
  lastClaim: { instance: string; leaseUntil: string } | null;
  /** 1 from the requirements; each change a person asks for after the project ended starts the next. */
  round: number;
  /** The changes asked for, oldest first: more requirements, read with the first ones. */
  changes: string[];
  /** The content hash of each file in the workspace now: a change round writes only the files it changes. */
  artifactHashes: Record<string, string>;
  /** Files a person wrote by hand, path → content (its hash is in `artifactHashes`): theirs until they take an agent's version. */
  personFiles: Record<string, string>;
  /** An agent's versions of files a person wrote, not written over them: the person takes them (`taken`) or not. */
  proposals: FileProposals | null;
}

export interface FileProposals {
  agent: AgentName;
  stepId: string;
  attempt: number;
  files: CheckedArtifact[];
  taken: boolean;
}

const emptyProgress = (): AgentProgress => ({
  attempts: 0,
  attemptsSinceAnswer: 0,
  guidance: [],
  running: null,
  produced: null,
  personAccepted: false,
  accepted: null,
  lastFailure: null,
  timedOut: null,
  testFailures: null,
  proofGaps: null,
  previous: null,
  repeated: null,
  startedOver: false,
  lastAnswer: null,
  failureSignature: null,
  sameFailure: null,
  earlier: null,
});

export function initialWorkflowState(projectId: string): WorkflowState {
  return {
    projectId,
    exists: false,
    finished: false,
    requirements: '',
    settings: null,
    version: 0,
    pipeline: [],
    agents: Object.fromEntries(AGENT_NAMES.map((a) => [a, emptyProgress()])) as Record<AgentName, AgentProgress>,
    pendingAction: null,
    abortRequested: false,
    tokensUsed: 0,
    tokensGranted: 0,
    spentUsd: 0,
    grantedUsd: 0,
    tests: { runs: 0, running: null, needsRun: false, lastPassed: false, repairs: 0, exhausted: null, personAccepted: false, lastTests: null, lastRun: null },
    mutation: { runs: 0, running: null, current: false, last: null },
    proof: { rounds: 0, accepted: {}, criteria: [] },
    artifactVersions: {},
    liveArtifacts: {},
    pausedBefore: null,
    passedBreakpoints: [],
    claims: {},
    lastClaim: null,
    round: 1,
    changes: [],
    artifactHashes: {},
    personFiles: {},
    proposals: null,
  };
}

function updateAgent(state: WorkflowState, agent: AgentName, change: Partial<AgentProgress>): WorkflowState {
  return { ...state, agents: { ...state.agents, [agent]: { ...state.agents[agent], ...change } } };
}

export function evolveWorkflow(state: WorkflowState, event: StoredEvent): WorkflowState {
  const s = { ...state, version: event.streamVersion };
  const e = event as AnyStoredEvent;
  switch (e.type) {
    case 'ProjectCreated':
      return { ...s, exists: true, requirements: e.data.requirements, settings: e.data.settings, pipeline: e.data.pipeline ?? FIRST_PIPELINE };
    case 'ProjectForked':
      return s.settings ? { ...s, requirements: e.data.overrides.requirements ?? s.requirements, settings: settingsAfterFork(s.settings, e.data.overrides) } : s;
    case 'AgentStepStarted': {
      const p = s.agents[e.data.agent];
      return updateAgent(s, e.data.agent, {
        attempts: p.attempts + 1,
        attemptsSinceAnswer: p.attemptsSinceAnswer + 1,
        running: { stepId: e.data.stepId, attempt: e.data.attempt, guidance: e.data.guidance },
        produced: null,
        personAccepted: false,
        timedOut: null,
      });
    }
    case 'LlmCallCompleted':
      return updateAgent({ ...s, tokensUsed: s.tokensUsed + e.data.promptTokens + e.data.completionTokens, spentUsd: addUsd(s.spentUsd, e.data.costUsd ?? 0) }, e.data.agent, {
        lastAnswer: { stepId: e.data.stepId, raw: e.data.rawAnswer },
      });
    case 'AgentOutputRejected': {
      const p = s.agents[e.data.agent];
      const answer = p.lastAnswer?.stepId === e.data.stepId ? p.lastAnswer.raw : null;
      // A deadline or a crash says more about the machine than about the answer: never counted as the same failure.
      const judged = e.data.reason !== 'timed_out' && e.data.reason !== 'crashed' && e.data.reason !== 'over_budget';
      const signature = judged ? canonicalJson({ errors: e.data.errors, answer }) : null;
      const same = signature !== null && signature === p.failureSignature && p.lastFailure;
      return updateAgent(s, e.data.agent, {
        running: null,
        failureSignature: signature,
        sameFailure: same ? { first: p.lastFailure!.stepId, second: e.data.stepId, answer } : null,
        lastFailure: { stepId: e.data.stepId, attempt: e.data.attempt, errors: e.data.errors },
        timedOut:
          e.data.reason === 'timed_out'
            ? { stepId: e.data.stepId, attempt: e.data.attempt, deadlineMs: e.data.deadlineMs ?? null, errors: e.data.errors }
            : null,
      });
    }
    case 'AgentOutputProduced':
      return updateAgent(s, e.data.agent, {
        running: null,
        produced: { stepId: e.data.stepId, attempt: e.data.attempt, output: e.data.output, confidence: e.data.confidence },
      });
    case 'AgentOutputAccepted': {
      const writesCode = agentNamed(e.data.agent).artifactsOf !== undefined;
      const previous = s.agents[e.data.agent].previous;
      // Sent back for rework, it answered exactly as before: the same files would fail or pass the same way again.
      const unchanged = previous !== null && canonicalJson(previous.output) === canonicalJson(e.data.output);
      const next = analysisAccepted(updateAgent(s, e.data.agent, {
        produced: null,
        personAccepted: false,
        lastFailure: null,
        accepted: { stepId: e.data.stepId, attempt: e.data.attempt, output: e.data.output },
        previous: null,
        repeated: unchanged && previous ? { stepId: e.data.stepId, sameAs: previous.stepId } : null,
        startedOver: false,
        failureSignature: null,
        sameFailure: null,
      }), e.data.agent);
      if (!writesCode) return next;
      const proposed = proposalsOf(next, e.data.agent, e.data, e.data.output);
      if (proposed) return { ...next, proposals: proposed, tests: { ...next.tests, needsRun: true, lastPassed: false }, mutation: { ...next.mutation, current: false } };
      if (!unchanged) return { ...next, tests: { ...next.tests, needsRun: true, lastPassed: false }, mutation: { ...next.mutation, current: false } };
      // Nothing to run again: failing tests go to a person now, and so do criteria the last mutation run left open.
      const lastRun = next.tests.lastPassed ? null : next.tests.lastRun;
      return lastRun ? { ...next, tests: { ...next.tests, exhausted: { stepId: e.data.stepId, attempt: e.data.attempt, ...lastRun } } } : next;
    }
    case 'ArtifactWritten': {
      // An agent's version of a file a person wrote is written only when they take it: the file is the team's again.
      const { [e.data.path]: _taken, ...personFiles } = s.personFiles;
      const left = s.proposals?.files.filter((f) => f.path !== e.data.path) ?? [];
      return {
        ...s,
        artifactVersions: { ...s.artifactVersions, [e.data.path]: e.data.version },
        liveArtifacts: { ...s.liveArtifacts, [e.data.path]: e.data.agent },
        artifactHashes: { ...s.artifactHashes, [e.data.path]: e.data.sha256 },
        personFiles,
        proposals: s.proposals && left.length ? { ...s.proposals, files: left } : null,
      };
    }
    case 'ArtifactEditedByPerson':
      return {
        ...s,
        artifactVersions: { ...s.artifactVersions, [e.data.path]: e.data.version },
        artifactHashes: { ...s.artifactHashes, [e.data.path]: e.data.sha256 },
        personFiles: { ...s.personFiles, [e.data.path]: e.data.content },
        tests: { ...s.tests, needsRun: true, lastPassed: false },
        mutation: { ...s.mutation, current: false },
      };
    case 'ArtifactDeleted': {
      const { [e.data.path]: _deleted, ...live } = s.liveArtifacts;
      const { [e.data.path]: _hash, ...hashes } = s.artifactHashes;
      return { ...s, liveArtifacts: live, artifactHashes: hashes };
    }
    case 'TestRunStarted':
      return { ...s, tests: { ...s.tests, runs: s.tests.runs + 1, running: { runId: e.data.runId, round: e.data.round }, needsRun: false } };
    case 'TestRunCompleted':
      return testsFinished(s, e.data);
    case 'MutationRunStarted':
      return { ...s, mutation: { ...s.mutation, runs: s.mutation.runs + 1, running: { runId: e.data.runId, round: e.data.round }, current: false } };
    case 'MutationRunCompleted':
      return mutationFinished(s, e.data);
    case 'ActionRequested':
      return { ...s, pendingAction: { actionId: e.data.actionId, reason: e.data.reason, agent: e.data.agent, criteria: e.data.criteria ?? [] } };
    case 'ActionResolved':
      return resolveAction(s, e.data);
    case 'StepRetryRequested':
      return retryFrom(s, e.data.agent, e.data.guidance);
    case 'ChangeRequested':
      return startRound(s, e.data.round, e.data.text);
    case 'BreakpointsSet':
      return s.settings ? { ...s, settings: { ...s.settings, breakpoints: e.data.agents } } : s;
    case 'ProjectPaused':
      return { ...s, pausedBefore: e.data.beforeAgent };
    case 'StepClaimed':
      return {
        ...s,
        claims: { ...s.claims, [e.data.workId]: { instance: e.data.instance, leaseUntil: e.data.leaseUntil } },
        lastClaim: { instance: e.data.instance, leaseUntil: e.data.leaseUntil },
      };
    case 'ProjectResumed':
      return { ...s, pausedBefore: null, passedBreakpoints: [...s.passedBreakpoints, e.data.beforeAgent] };
    case 'AgentOutputEdited':
      return outputEdited(s, e.data.agent, e.data.stepId, e.data.output);
    case 'ProjectCompleted':
    case 'ProjectCancelled':
    case 'ProjectFailed':
      return { ...s, finished: true, pendingAction: null };
    default:
      return s;
  }
}

/** A passing run ends the work; a failing one sends the developer back with the failures, until the rounds run out. */
function testsFinished(s: WorkflowState, run: { runId: string; round: number; exitCode: number | null; passed: number; failed: number; output: string; tests: { name: string; ok: boolean }[] }): WorkflowState {
  const passed = run.exitCode === 0 && run.failed === 0 && run.passed > 0;
  const tests = { ...s.tests, running: null, lastPassed: passed, lastTests: run.tests, lastRun: { failed: run.failed, output: run.output } };
  const repairer = agentIn(s.pipeline, 'repairsFailingTests');
  if (passed) return repairer ? updateAgent({ ...s, tests: { ...tests, exhausted: null } }, repairer, { testFailures: null }) : { ...s, tests: { ...tests, exhausted: null } };
  const failures = describeFailures(run);
  const progress = repairer ? s.agents[repairer] : null;
  // A repair after which as many tests fail as before is not converging: a person decides, not another paid round.
  const before = s.tests.repairs > 0 ? s.tests.lastRun?.failed : undefined;
  const stalled = before !== undefined && run.failed >= before;
  if (repairer && progress && !stalled && tests.repairs < (s.settings?.maxRepairRounds ?? 0)) {
    return updateAgent({ ...s, tests: { ...tests, repairs: tests.repairs + 1 } }, repairer, {
      accepted: null,
      previous: progress.accepted,
      attemptsSinceAnswer: 0,
      testFailures: failures,
    });
  }
  const ref = progress?.accepted ?? { stepId: run.runId, attempt: 1 };
  return {
    ...(repairer ? updateAgent(s, repairer, { testFailures: failures }) : s),
    tests: { ...tests, exhausted: { stepId: ref.stepId, attempt: ref.attempt, failed: run.failed, output: run.output, ...(stalled ? { before } : {}) } },
  };
}

function describeFailures(run: { passed: number; failed: number; exitCode: number | null; output: string; tests: { name: string; ok: boolean }[] }): string {
  const failing = run.tests.filter((t) => !t.ok).map((t) => `- ${t.name}`);
  return [
    `${run.passed} passed, ${run.failed} failed, exit code ${run.exitCode ?? 'none (killed)'}.`,
    failing.length ? `Failing tests:\n${failing.join('\n')}` : '',
    `Output (last part):\n${run.output.slice(-4000)}`,
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * A mutation run judges the criteria. What the tests do not prove goes back to the tester while proof rounds
 * remain; after that the gaps stay on record and `nextCommand` asks a person. A run that could not be carried out
 * counts as one that killed nothing, so it leads down the same bounded path instead of being tried again.
 */
function mutationFinished(s: WorkflowState, run: { runId: string; round: number; mutants: Mutant[]; error: string | null }): WorkflowState {
  const next: WorkflowState = {
    ...s,
    mutation: { ...s.mutation, running: null, current: true, last: { runId: run.runId, round: run.round, mutants: run.error ? [] : run.mutants, error: run.error } },
  };
  const prover = agentIn(s.pipeline, 'provesCriteria');
  if (!prover) return next;
  const proofs = proofOf(next);
  const open = openCriteria(proofs);
  if (open.length === 0) return updateAgent(next, prover, { proofGaps: null });
  const gaps = describeGaps(next, proofs, open);
  if (next.proof.rounds < (s.settings?.proof?.maxRounds ?? 0)) {
    return updateAgent({ ...next, proof: { ...next.proof, rounds: next.proof.rounds + 1 } }, prover, {
      accepted: null,
      previous: s.agents[prover].accepted,
      attemptsSinceAnswer: 0,
      proofGaps: gaps,
    });
  }
  return updateAgent(next, prover, { proofGaps: gaps });
}

/** Each criterion judged from what the state holds: the accepted outputs, the last test run and the last mutation run. */
export function proofOf(state: WorkflowState): CriterionProof[] {
  return judgeProof({
    criteria: criteriaOf(acceptedOutput(state, 'analysis') as AnalystOutput | undefined),
    implementations: implementationsOf(acceptedOutput(state, 'implementation') as DeveloperOutput | undefined),
    tests: state.tests.lastTests,
    mutants: state.mutation.last?.mutants ?? null,
    accepted: new Map(Object.entries(state.proof.accepted)),
  });
}

/** The accepted output the project's pipeline gives by this name, if any. */
function acceptedOutput(state: WorkflowState, given: string): unknown {
  const agent = agentIn(state.pipeline, { gives: given });
  return agent ? state.agents[agent].accepted?.output : undefined;
}

function openCriteria(proofs: readonly CriterionProof[]): CriterionProof[] {
  return proofs.filter((p) => p.status !== 'proven' && p.status !== 'accepted');
}

/** Files longer than this are named, not shown: the tester already has the whole code in its prompt. */
const SHOWN_FILE_CHARS = 3000;
const SHOWN_MUTANTS = 10;

/** What the tester reads when asked again: each criterion not proven, where its code is, and what no test noticed. */
function describeGaps(state: WorkflowState, proofs: readonly CriterionProof[], open: readonly CriterionProof[]): string {
  const files = ((acceptedOutput(state, 'implementation') as DeveloperOutput | undefined)?.files ?? []).map((f) => ({ ...f, path: f.path.replace(/^\.\//, '') }));
  const error = state.mutation.last?.error;
  const sections = open.map((p) => {
    const why =
      p.status === 'untested'
        ? `No test's name starts with ${p.criterionId}.`
        : p.status === 'failing'
          ? `Tests citing it fail: ${p.tests.filter((t) => !t.ok).map((t) => t.name).join('; ')}.`
          : `Tests cite it (${p.tests.map((t) => t.name).join('; ')}), but none of them failed when its code was changed.`;
    const where = p.implementedIn.length
      ? `Implemented in: ${p.implementedIn.map((i) => (i.function ? `${i.file} (function ${i.function})` : i.file)).join(', ')}.`
      : 'The developer did not say where it is implemented.';
    const mutants = p.survivingMutants.slice(0, SHOWN_MUTANTS).map((m) => `${m.file}:${m.line}:${m.column} (${m.mutator})\n- ${m.original}\n+ ${m.replacement}`);
    const more = p.survivingMutants.length > SHOWN_MUTANTS ? [`… and ${p.survivingMutants.length - SHOWN_MUTANTS} more`] : [];
    return [
      `${p.criterionId} (${p.status}): "${p.text}"`,
      why,
      where,
      mutants.length ? `Changes to its code that no test noticed (a test should fail on each):\n${[...mutants, ...more].join('\n')}` : '',
    ]
      .filter(Boolean)
      .join('\n');
  });
  const shown = [...new Set(open.flatMap((p) => p.implementedIn.map((i) => i.file)))]
    .map((path) => files.find((f) => f.path === path))
    .filter((f): f is { path: string; content: string } => f !== undefined && f.content.length <= SHOWN_FILE_CHARS)
    .map((f) => `--- ${f.path}\n${f.content}`);
  return [
    `Your tests do not prove every acceptance criterion yet (${proofSummary(proofs, state.mutation.last?.mutants ?? null)}).`,
    'A criterion is proven when a test whose name starts with its id fails once the code that implements it is changed. ' +
      'Write tests for the criteria below, named after them, that assert exact results, and return every test file again.',
    error ? `The mutation run could not be carried out: ${error}` : '',
    sections.join('\n\n'),
    shown.length ? `Code:\n${shown.join('\n')}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

function resolveAction(s: WorkflowState, answer: { optionId: string | null; response: string | null; grantTokens?: number; grantUsd?: number }): WorkflowState {
  const { optionId, response } = answer;
  const action = s.pendingAction;
  if (!action) return s;
  const cleared = { ...s, pendingAction: null };
  if (optionId === OPTION.abort) return { ...cleared, abortRequested: true };
  if (action.reason === 'person_file_changed') {
    return { ...cleared, proposals: optionId === OPTION.accept && cleared.proposals ? { ...cleared.proposals, taken: true } : null };
  }
  if (action.reason === 'criteria_unproven') {
    if (optionId === OPTION.accept) {
      const words = response ?? 'Accepted as open, without comment.';
      return { ...cleared, proof: { ...cleared.proof, accepted: { ...cleared.proof.accepted, ...Object.fromEntries(action.criteria.map((c) => [c, words])) } } };
    }
    // The prover tries again with the gaps it had and the person's words.
    return sendBack(cleared, agentIn(s.pipeline, 'provesCriteria'), response);
  }
  if (action.reason === 'tests_failing') {
    if (optionId === OPTION.accept) return { ...cleared, tests: { ...cleared.tests, personAccepted: true, exhausted: null } };
    // One more round of fixes, with the person's words as guidance.
    return sendBack({ ...cleared, tests: { ...cleared.tests, exhausted: null } }, agentIn(s.pipeline, 'repairsFailingTests'), response);
  }
  // Answers recorded before an amount could be chosen granted one budget's size.
  if (optionId === OPTION.continue && answer.grantUsd !== undefined) return { ...cleared, grantedUsd: addUsd(cleared.grantedUsd, answer.grantUsd) };
  if (optionId === OPTION.continue) return { ...cleared, tokensGranted: cleared.tokensGranted + (answer.grantTokens ?? s.settings?.tokenBudget ?? 0) };
  if (optionId === OPTION.replaceRequirements && response) {
    // The person's text is the question now: the analyst starts from it alone, without notes on the old one.
    const first = s.pipeline[0];
    const restarted = retryFrom({ ...cleared, requirements: response }, first, null);
    return updateAgent(restarted, first, { guidance: [] });
  }
  if (!action.agent) return cleared;
  const p = s.agents[action.agent];
  if (optionId === OPTION.accept) return updateAgent(cleared, action.agent, { personAccepted: true });
  // `retry`, or a free-text answer: another round of attempts, with the answer as guidance.
  return updateAgent(cleared, action.agent, {
    produced: null,
    timedOut: null,
    failureSignature: null,
    sameFailure: null,
    attemptsSinceAnswer: 0,
    guidance: response ? [...p.guidance, response] : p.guidance,
  });
}

/** An agent works again on its part, with a person's words added to its guidance. */
function sendBack(s: WorkflowState, agent: AgentName | null, response: string | null): WorkflowState {
  if (!agent) return s;
  const { guidance } = s.agents[agent];
  return updateAgent(s, agent, { accepted: null, attemptsSinceAnswer: 0, guidance: response ? [...guidance, response] : guidance });
}

/**
 * A person's edit is the agent's accepted output from now on: every agent after it works again from it, and code it
 * writes is tested again. A pause stays in place, so the person can look again before resuming.
 */
function outputEdited(s: WorkflowState, agent: AgentName, stepId: string, output: Record<string, unknown>): WorkflowState {
  const attempt = s.agents[agent].accepted?.attempt ?? 1;
  const edited = analysisAccepted(updateAgent(s, agent, { accepted: { stepId, attempt, output }, produced: null, previous: null, repeated: null, startedOver: false }), agent);
  const next = s.pipeline[s.pipeline.indexOf(agent) + 1];
  const redone = next ? retryFrom(edited, next, null) : { ...edited, finished: false, pendingAction: null, abortRequested: false };
  const writesCode = agentNamed(agent).artifactsOf !== undefined;
  const tests = writesCode ? { ...redone.tests, needsRun: true, lastPassed: false, exhausted: null, personAccepted: false } : redone.tests;
  return { ...redone, tests, mutation: writesCode ? { ...redone.mutation, current: false } : redone.mutation, pausedBefore: s.pausedBefore };
}

/** A new analysis keeps a person's acceptance of an open criterion only where it words the criterion as before. */
function analysisAccepted(s: WorkflowState, agent: AgentName): WorkflowState {
  if (!gives(agent, 'analysis')) return s;
  const criteria = criteriaOf(acceptedOutput(s, 'analysis') as AnalystOutput | undefined);
  return { ...s, proof: { ...s.proof, criteria, accepted: carryAcceptance(s.proof.accepted, s.proof.criteria, criteria) } };
}

/** A person asked to redo an agent's work: it and every agent after it start over; its guidance is kept. */
function retryFrom(s: WorkflowState, agent: AgentName, guidance: string | null): WorkflowState {
  const from = s.pipeline.indexOf(agent);
  const agents = { ...s.agents };
  for (const name of s.pipeline.slice(from)) {
    agents[name] = {
      ...agents[name],
      running: null,
      produced: null,
      personAccepted: false,
      accepted: null,
      lastFailure: null,
      timedOut: null,
      attemptsSinceAnswer: 0,
      guidance: name === agent && guidance ? [...agents[name].guidance, guidance] : agents[name].guidance,
      startedOver: true,
      failureSignature: null,
      sameFailure: null,
    };
  }
  const tests = { ...s.tests, lastPassed: false, exhausted: null, personAccepted: false, repairs: 0 };
  const mutation = { ...s.mutation, running: null, current: false };
  const proof = { ...s.proof, rounds: 0 };
  // The agents redone stop at their breakpoints again, so a person stepping through sees their new work.
  const passedBreakpoints = s.passedBreakpoints.filter((a) => s.pipeline.indexOf(a) < from);
  return { ...s, agents, tests, mutation, proof, passedBreakpoints, finished: false, pendingAction: null, abortRequested: false };
}

/**
 * A person asked for a change to an ended project: every agent works again, from the requirements and the changes
 * so far, each amending its own answer of the round before; the files and their tests stay until rewritten, so the
 * old tests run with the new ones, and the round ends only when they all pass.
 */
function startRound(s: WorkflowState, round: number, text: string): WorkflowState {
  const restarted = retryFrom(s, s.pipeline[0], null);
  const agents = { ...restarted.agents };
  for (const name of s.pipeline) agents[name] = { ...agents[name], startedOver: false, earlier: s.agents[name].accepted?.output ?? agents[name].earlier };
  return { ...restarted, agents, round, changes: [...s.changes, text] };
}

export function foldWorkflow(projectId: string, events: readonly StoredEvent[]): WorkflowState {
  return events.reduce(evolveWorkflow, initialWorkflowState(projectId));
}

export type WorkflowCommand =
  | { type: 'StartStep'; agent: AgentName; stepId: string; attempt: number; guidance: string[] }
  /** A breakpoint: stop before the agent starts, until a person resumes. */
  | { type: 'Pause'; agent: AgentName }
  | {
      type: 'RunStep';
      agent: AgentName;
      stepId: string;
      attempt: number;
      input: AgentInput;
      model: string | null;
      systemPrompt: string | null;
      /** What the project may still spend; the step stops before a call once it is gone (null: no limit). */
      remaining: { tokens: number | null; usd: number | null };
    }
  | { type: 'AcceptOutput'; agent: AgentName; acceptedBy: 'threshold' | 'person' }
  | { type: 'Escalate'; escalation: Escalation }
  | { type: 'StartTests'; runId: string; round: number }
  | { type: 'RunTests'; runId: string; round: number }
  | { type: 'StartMutation'; runId: string; round: number }
  /** `focus`: the files the developer says its criteria live in; the run mutates those first-hand, all when empty. */
  | { type: 'RunMutation'; runId: string; round: number; budgetMs: number; focus: string[] }
  /** Write the agent's versions of files a person wrote, which the person took. */
  | { type: 'TakeProposals' }
  | { type: 'CompleteProject' }
  | { type: 'CancelProject'; reason: string };

/** What the project may still spend before a person is asked. */
function remaining(state: WorkflowState): { tokens: number | null; usd: number | null } {
  const { tokenBudget, budgetUsd } = state.settings!;
  return {
    tokens: tokenBudget === null ? null : tokenBudget + state.tokensGranted - state.tokensUsed,
    usd: budgetUsd == null ? null : addUsd(budgetUsd + state.grantedUsd, -state.spentUsd),
  };
}

export function currentAgent(state: WorkflowState): AgentName | null {
  return state.pipeline.find((name) => !state.agents[name].accepted) ?? null;
}

/** What the pipeline needs next, or null when it is done, waiting for a person, or not a project. */
export function nextCommand(state: WorkflowState): WorkflowCommand | null {
  if (!state.exists || state.finished || !state.settings) return null;
  if (state.abortRequested) return { type: 'CancelProject', reason: 'aborted by a person' };
  if (state.pendingAction || state.pausedBefore) return null;
  // An agent's answer would change files a person wrote: they decide before anyone builds on it.
  if (state.proposals) return state.proposals.taken ? { type: 'TakeProposals' } : { type: 'Escalate', escalation: proposalEscalation(state, state.proposals) };
  const agent = currentAgent(state);
  if (!agent) return nextAfterAgents(state);
  const p = state.agents[agent];
  const { confidenceThreshold, maxAttempts, tokenBudget } = state.settings;

  if (p.running) {
    const { stepId, attempt, guidance } = p.running;
    const systemPrompt = state.settings.systemPrompts?.[agent] ?? null;
    return { type: 'RunStep', agent, stepId, attempt, input: agentInput(state, agent, guidance), model: state.settings.model, systemPrompt, remaining: remaining(state) };
  }
  if (p.produced) {
    if (p.personAccepted) return { type: 'AcceptOutput', agent, acceptedBy: 'person' };
    if (p.produced.confidence >= confidenceThreshold) return { type: 'AcceptOutput', agent, acceptedBy: 'threshold' };
    const questions = (p.produced.output.open_questions as string[] | undefined) ?? (p.produced.output.concerns as string[] | undefined);
    return {
      type: 'Escalate',
      escalation: { reason: 'low_confidence', agent, stepId: p.produced.stepId, confidence: p.produced.confidence, threshold: confidenceThreshold, questions },
    };
  }
  if (p.timedOut) {
    const { stepId, deadlineMs, errors } = p.timedOut;
    return { type: 'Escalate', escalation: { reason: 'step_timeout', agent, stepId, deadlineMs: deadlineMs ?? undefined, errors } };
  }
  const budgetUsd = state.settings.budgetUsd ?? null;
  if (budgetUsd !== null && state.spentUsd >= addUsd(budgetUsd, state.grantedUsd)) {
    return { type: 'Escalate', escalation: { reason: 'budget_exceeded', agent: null, spentUsd: state.spentUsd, budgetUsd: addUsd(budgetUsd, state.grantedUsd) } };
  }
  if (tokenBudget !== null && state.tokensUsed >= tokenBudget + state.tokensGranted) {
    return { type: 'Escalate', escalation: { reason: 'budget_exceeded', agent: null, tokensUsed: state.tokensUsed, tokenBudget: tokenBudget + state.tokensGranted } };
  }
  if (p.lastFailure && p.sameFailure) {
    const { first, second, answer } = p.sameFailure;
    return {
      type: 'Escalate',
      escalation: {
        reason: 'attempts_exhausted',
        agent,
        stepId: second,
        attempts: p.attemptsSinceAnswer,
        errors: [`Attempts ${first} and ${second} failed the same way${answer !== null ? ', with the same answer' : ''}: another attempt would only pay for it again.`, ...p.lastFailure.errors],
        ...(answer !== null ? { attachment: `The answer both attempts ended with:\n${answer}` } : {}),
      },
    };
  }
  if (p.lastFailure && p.attemptsSinceAnswer >= maxAttempts) {
    return {
      type: 'Escalate',
      escalation: { reason: 'attempts_exhausted', agent, stepId: p.lastFailure.stepId, attempts: p.attemptsSinceAnswer, errors: p.lastFailure.errors },
    };
  }
  if (state.settings.breakpoints?.includes(agent) && !state.passedBreakpoints.includes(agent)) return { type: 'Pause', agent };
  const attempt = p.attempts + 1;
  return { type: 'StartStep', agent, stepId: `${agent}-${attempt}`, attempt, guidance: p.guidance };
}

/** Every agent's output is accepted: run the tests until they pass, the person accepts, or the rounds run out. */
function nextAfterAgents(state: WorkflowState): WorkflowCommand | null {
  const { tests } = state;
  if (tests.running) return { type: 'RunTests', ...tests.running };
  if (tests.needsRun) return { type: 'StartTests', runId: `${state.projectId}:tests-${tests.runs + 1}`, round: tests.runs + 1 };
  if (tests.lastPassed) return nextProofStep(state);
  if (tests.personAccepted) return { type: 'CompleteProject' };
  if (tests.exhausted) {
    return {
      type: 'Escalate',
      escalation: {
        reason: 'tests_failing',
        agent: agentIn(state.pipeline, 'repairsFailingTests'),
        stepId: tests.exhausted.stepId,
        rounds: tests.repairs,
        failedTests: tests.exhausted.failed,
        output: tests.exhausted.output,
        ...(tests.exhausted.before !== undefined
          ? { errors: [`The last repair left ${count(tests.exhausted.failed, 'test')} failing, ${tests.exhausted.before} before it: the fixes are not converging, so you are asked now.`] }
          : repeatedNote(state, agentIn(state.pipeline, 'repairsFailingTests'))),
      },
    };
  }
  return { type: 'CompleteProject' };
}

/**
 * The tests pass: with proof on, a mutation run over the current code, then completion once every criterion is
 * proven or accepted by a person. The tester's proof rounds happen in `mutationFinished`; what is still open here
 * has used them up, so a person is asked.
 */
function nextProofStep(state: WorkflowState): WorkflowCommand {
  const settings = state.settings?.proof;
  if (!settings) return { type: 'CompleteProject' };
  const { mutation } = state;
  if (mutation.running) {
    const declared = implementationsOf(acceptedOutput(state, 'implementation') as DeveloperOutput | undefined);
    const focus = [...new Set([...declared.values()].flat().map((i) => i.file))].sort();
    return { type: 'RunMutation', ...mutation.running, budgetMs: settings.mutationBudgetMs, focus };
  }
  if (!mutation.current) return { type: 'StartMutation', runId: `${state.projectId}:mutation-${mutation.runs + 1}`, round: mutation.runs + 1 };
  const proofs = proofOf(state);
  const open = openCriteria(proofs);
  if (open.length === 0) return { type: 'CompleteProject' };
  const prover = agentIn(state.pipeline, 'provesCriteria');
  return {
    type: 'Escalate',
    escalation: {
      reason: 'criteria_unproven',
      agent: prover,
      stepId: prover ? state.agents[prover].accepted?.stepId : undefined,
      rounds: state.proof.rounds,
      confidence: proofs.filter((p) => p.status === 'proven').length / proofs.length,
      criteria: open.map((p) => ({ id: p.criterionId, text: p.text, status: p.status })),
      summary: proofSummary(proofs, mutation.last?.mutants ?? null),
      ...(mutation.last?.error ? { errors: [mutation.last.error] } : repeatedNote(state, prover)),
    },
  };
}

const count = (n: number, noun: string, plural = `${noun}s`): string => `${n} ${n === 1 ? noun : plural}`;

/** Why a person is asked before the rounds ran out: the agent's rework was the same answer as before. */
function repeatedNote(state: WorkflowState, agent: AgentName | null): { errors?: string[] } {
  const repeated = agent && state.agents[agent].repeated;
  if (!repeated) return {};
  return { errors: [`The ${agent}'s new answer (${repeated.stepId}) is the same as its last (${repeated.sameAs}): running it again would only repeat the result, so you are asked now.`] };
}

/** What an agent reads: the requirements, the accepted outputs it declares it reads, and the guidance its attempt carries. */
export function agentInput(state: WorkflowState, agent: AgentName, guidance: string[]): AgentInput {
  const input: AgentInput = { requirements: state.requirements, guidance };
  if (state.changes.length > 0) input.changes = state.changes;
  const earlier = state.agents[agent].earlier;
  if (state.round > 1 && earlier) input.earlier = earlier;
  const personFiles = Object.entries(state.personFiles).map(([path, content]) => ({ path, content }));
  if (personFiles.length > 0 && agentNamed(agent).artifactsOf) input.personFiles = personFiles;
  for (const given of agentNamed(agent).reads) {
    const output = acceptedOutput(state, given);
    if (output !== undefined) input[given] = output;
  }
  const failures = state.agents[agent].testFailures;
  if (failures) input.testFailures = failures;
  const gaps = state.agents[agent].proofGaps;
  if (gaps) input.proofGaps = gaps;
  return input;
}

/**
 * The handoff carries the output for people to read; file contents are already in the ArtifactWritten events,
 * so here a file is its path and size.
 */
function withoutFileContents(output: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(output).map(([key, value]) => [
      key,
      Array.isArray(value)
        ? value.map((item) =>
            item && typeof item === 'object' && typeof item.path === 'string' && typeof item.content === 'string'
              ? { path: item.path, size: Buffer.byteLength(item.content, 'utf8') }
              : item,
          )
        : value,
    ]),
  );
}

/**
 * The files an agent's accepted output writes, each a new version of its path, and the deletion of its files the
 * output lists as deleted or — when the output replaces the agent's whole answer — no longer holds.
 */
export function fileEvents(
  state: WorkflowState,
  agent: AgentName,
  step: { stepId: string; attempt: number },
  files: readonly CheckedArtifact[],
  options: { deleteMissing: boolean; deleted?: readonly string[]; onlyChanged?: ReadonlyMap<string, string> },
): NewEvent[] {
  // A file a person wrote is never written over or deleted here: an agent's change to it is proposed to them.
  const written = files
    .filter((f) => state.personFiles[f.path] === undefined && options.onlyChanged?.get(f.path) !== f.sha256)
    .map(
      (f): NewEvent<'ArtifactWritten'> => ({
        type: 'ArtifactWritten',
        data: { stepId: step.stepId, agent, attempt: step.attempt, path: f.path, version: (state.artifactVersions[f.path] ?? 0) + 1, content: f.content, sha256: f.sha256, size: f.size },
      }),
    );
  const kept = new Set(files.map((f) => f.path));
  const listed = new Set(options.deleted ?? []);
  const deleted = Object.entries(state.liveArtifacts)
    .filter(([path, owner]) => owner === agent && !kept.has(path) && state.personFiles[path] === undefined && (options.deleteMissing || listed.has(path)))
    .map(([path]): NewEvent<'ArtifactDeleted'> => ({ type: 'ArtifactDeleted', data: { stepId: step.stepId, agent, path, version: state.artifactVersions[path] } }));
  return [...written, ...deleted];
}

/** What a person accepted short of done: completed, but not as if nothing were missing. */
function completionWarnings(state: WorkflowState): { agent: AgentName; text: string }[] {
  const warnings: { agent: AgentName; text: string }[] = [];
  const failed = state.tests.lastRun?.failed ?? 0;
  const repairer = agentIn(state.pipeline, 'repairsFailingTests');
  if (repairer && state.tests.personAccepted && !state.tests.lastPassed) {
    warnings.push({ agent: repairer, text: `completed with ${count(failed, 'failing test')}, accepted by a person` });
  }
  const open = Object.keys(state.proof.accepted).length;
  const prover = agentIn(state.pipeline, 'provesCriteria');
  if (prover && open > 0) warnings.push({ agent: prover, text: `completed with ${count(open, 'criterion', 'criteria')} accepted as open by a person` });
  return warnings;
}

/** Pure: the events a workflow command appends (RunStep appends through the step runner instead). */
export function decideWorkflow(command: WorkflowCommand, state: WorkflowState, newId: () => string): NewEvent[] {
  switch (command.type) {
    case 'StartStep':
      return [{ type: 'AgentStepStarted', data: { stepId: command.stepId, agent: command.agent, attempt: command.attempt, guidance: command.guidance } }];
    case 'AcceptOutput': {
      const produced = state.agents[command.agent].produced;
      if (!produced) return [];
      const agent = agentNamed(command.agent);
      const next = state.pipeline[state.pipeline.indexOf(command.agent) + 1];
      // Paths were checked when the output was produced; what is written is the normalised form.
      const files = normalizedFiles(agent.artifactsOf?.(produced.output) ?? []);
      // Starting over, an agent answers the whole question again: its files it no longer returns are not part of the answer.
      // In a change round, a file returned as it was is not a new version: the round's diff is what it changed.
      const changes = fileEvents(state, command.agent, produced, files, {
        deleteMissing: state.agents[command.agent].startedOver,
        deleted: deletedPaths(agent, produced.output),
        ...(state.round > 1 ? { onlyChanged: new Map(Object.entries(state.artifactHashes)) } : {}),
      });
      return [
        {
          type: 'AgentOutputAccepted',
          data: { stepId: produced.stepId, agent: command.agent, attempt: produced.attempt, output: produced.output, confidence: produced.confidence, acceptedBy: command.acceptedBy },
        },
        {
          type: 'MessageSent',
          data: {
            messageId: `${state.projectId}:${produced.stepId}:handoff`,
            fromAgent: command.agent,
            toAgent: next ?? 'user',
            type: 'handoff',
            content: agent.summarize(produced.output),
            data: withoutFileContents(produced.output),
            confidence: produced.confidence,
            thread: state.projectId,
            attempt: produced.attempt,
          },
        },
        ...changes,
      ];
    }
    case 'Pause':
      return [{ type: 'ProjectPaused', data: { beforeAgent: command.agent } }];
    case 'Escalate':
      return [escalationEvent(newId(), command.escalation)];
    case 'StartTests':
      return [{ type: 'TestRunStarted', data: { runId: command.runId, round: command.round } }];
    case 'StartMutation':
      return [{ type: 'MutationRunStarted', data: { runId: command.runId, round: command.round } }];
    case 'CompleteProject': {
      const summaries = state.pipeline.map((name) => `${name}: ${agentNamed(name).summarize(state.agents[name].accepted?.output)}`);
      // With proof on, how much of the work is proven is part of what completed means.
      const proof = state.settings?.proof && state.mutation.last ? [`proof: ${proofSummary(proofOf(state), state.mutation.last.mutants)}`] : [];
      const warnings = completionWarnings(state);
      return [{ type: 'ProjectCompleted', data: { summary: [...summaries, ...proof].join('; '), ...(warnings.length ? { warnings } : {}) } }];
    }
    case 'CancelProject':
      return [{ type: 'ProjectCancelled', data: { reason: command.reason } }];
    case 'TakeProposals': {
      const proposals = state.proposals;
      if (!proposals) return [];
      return proposals.files.map((f) => ({
        type: 'ArtifactWritten' as const,
        data: { stepId: proposals.stepId, agent: proposals.agent, attempt: proposals.attempt, path: f.path, version: (state.artifactVersions[f.path] ?? 0) + 1, content: f.content, sha256: f.sha256, size: f.size },
      }));
    }
    case 'RunStep':
    case 'RunTests':
    case 'RunMutation':
      return [];
  }
}

export type LaunchedWork = Extract<WorkflowCommand, { type: 'RunStep' | 'RunTests' | 'RunMutation' }>;

/** Work carried out outside the decider (a model, a sandbox); every other command is decided and appended. */
export const isLaunchedWork = (command: WorkflowCommand): command is LaunchedWork =>
  command.type === 'RunStep' || command.type === 'RunTests' || command.type === 'RunMutation';

/** More decisions than any one step of the pipeline takes in a row: a guard against a rule that never settles. */
const MAX_DECISIONS_AHEAD = 8;

/**
 * Pure: the events of `command` and of every decision that follows from them alone, up to the next launched work
 * or wait — an accepted output, its handoff and the next agent's start are one append, not three. The same events
 * come out as deciding them one append at a time would give, in the same order.
 */
export function decideAhead(command: WorkflowCommand, state: WorkflowState, newId: () => string): NewEvent[] {
  const events: NewEvent[] = [];
  let s = state;
  let next: WorkflowCommand | null = command;
  for (let n = 0; next && !isLaunchedWork(next) && n < MAX_DECISIONS_AHEAD; n++) {
    const decided = decideWorkflow(next, s, newId);
    if (decided.length === 0) break;
    events.push(...decided);
    s = decided.reduce((folded, e) => evolveWorkflow(folded, { ...e, streamVersion: folded.version + 1 } as StoredEvent), s);
    next = nextCommand(s);
  }
  return events;
}

/**
 * Pure: what the log says of launched work (an agent step, a test run) that ended without recording an outcome
 * — it threw, or returned without one — while the workflow still expects it. Recording the failure moves the
 * workflow on (another attempt, a repair round, a person), so broken work is retried a bounded number of
 * times instead of being launched again forever.
 */
export function decideWorkEnded(command: LaunchedWork, message: string): NewEvent[] {
  if (command.type === 'RunStep') {
    return [
      {
        type: 'AgentOutputRejected',
        data: { stepId: command.stepId, agent: command.agent, attempt: command.attempt, reason: 'crashed', errors: [message] },
      },
    ];
  }
  if (command.type === 'RunMutation') {
    return [
      {
        type: 'MutationRunCompleted',
        data: {
          runId: command.runId,
          round: command.round,
          tool: 'none',
          durationMs: 0,
          budgetMs: command.budgetMs,
          budgetExceeded: false,
          created: 0,
          killed: 0,
          survived: 0,
          timedOut: 0,
          mutants: [],
          error: `The mutation run could not be carried out: ${message}`,
        },
      },
    ];
  }
  return [
    {
      type: 'TestRunCompleted',
      data: {
        runId: command.runId,
        round: command.round,
        command: [],
        exitCode: null,
        signal: null,
        timedOut: false,
        passed: 0,
        // Counted as one failure, as the test runner counts a run it could not start: the run did not pass.
        failed: 1,
        skipped: 0,
        durationMs: 0,
        output: `The test run could not be carried out: ${message}`,
        tests: [],
      },
    },
  ];
}
