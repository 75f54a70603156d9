import { decideWorkflow, foldWorkflow, nextCommand } from '../../src/domain/workflow';
import { analystAnswer, architectAnswer } from '../support/agent-fixtures';
import { SETTINGS, streamOf } from '../support/event-factory';

/** given these past events → then this next command. The workflow is level-triggered, so "when" is the last given. */
function given(build: (e: ReturnType<typeof streamOf>) => ReturnType<ReturnType<typeof streamOf>>[]) {
  const events = build(streamOf('p1'));
  const state = foldWorkflow('p1', events);
  return { state, next: nextCommand(state) };
}

const created = (e: ReturnType<typeof streamOf>, settings = SETTINGS) =>
  e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop', settings });
const started = (e: ReturnType<typeof streamOf>, agent: 'analyst' | 'architect', attempt = 1, guidance: string[] = []) =>
  e('AgentStepStarted', { stepId: `${agent}-${attempt}`, agent, attempt, guidance });
const produced = (e: ReturnType<typeof streamOf>, confidence: number, attempt = 1) =>
  e('AgentOutputProduced', { stepId: `analyst-${attempt}`, agent: 'analyst', attempt, output: analystAnswer(confidence), confidence, modelConfidence: confidence });
const rejected = (e: ReturnType<typeof streamOf>, attempt: number) =>
  e('AgentOutputRejected', { stepId: `analyst-${attempt}`, agent: 'analyst', attempt, reason: 'invalid_output', errors: ['bad'] });

describe('workflow (process manager)', () => {
  it('given a new project → start the analyst, attempt 1', () => {
    expect(given((e) => [created(e)]).next).toEqual({ type: 'StartStep', agent: 'analyst', stepId: 'analyst-1', attempt: 1, guidance: [] });
  });

  it('given a started step with no result (a restart mid-call) → run that same step again', () => {
    const { next } = given((e) => [created(e), started(e, 'analyst')]);
    expect(next).toMatchObject({ type: 'RunStep', agent: 'analyst', stepId: 'analyst-1', attempt: 1, input: { requirements: 'Build a shop', guidance: [] } });
  });

  it('given a confident output → accept it; deciding that hands off to the architect', () => {
    const { state, next } = given((e) => [created(e), started(e, 'analyst'), produced(e, 0.9)]);
    expect(next).toEqual({ type: 'AcceptOutput', agent: 'analyst', acceptedBy: 'threshold' });
    const events = decideWorkflow(next!, state, () => 'id');
    expect(events.map((x) => x.type)).toEqual(['AgentOutputAccepted', 'MessageSent']);
    expect(events[1].data).toMatchObject({ fromAgent: 'analyst', toAgent: 'architect', type: 'handoff', confidence: 0.9 });
  });

  it('given an accepted analysis → start the architect with the analysis as its input', () => {
    const { next, state } = given((e) => [
      created(e), started(e, 'analyst'), produced(e, 0.9),
      e('AgentOutputAccepted', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, output: analystAnswer(), confidence: 0.9, acceptedBy: 'threshold' }),
    ]);
    expect(next).toMatchObject({ type: 'StartStep', agent: 'architect', attempt: 1 });
    expect(state.agents.analyst.accepted?.output).toEqual(analystAnswer());
  });

  it('given an output under the threshold → escalate with accept / retry / abort', () => {
    const { state, next } = given((e) => [created(e), started(e, 'analyst'), produced(e, 0.3)]);
    expect(next).toMatchObject({ type: 'Escalate', escalation: { reason: 'low_confidence', agent: 'analyst', confidence: 0.3, threshold: 0.7 } });
    const [event] = decideWorkflow(next!, state, () => 'a1');
    expect(event.data).toMatchObject({ actionId: 'a1', priority: 'high', options: [{ id: 'accept' }, { id: 'retry' }, { id: 'abort' }] });
  });

  it('given a pending action → wait (no command)', () => {
    const { next } = given((e) => [
      created(e), started(e, 'analyst'), produced(e, 0.3),
      e('ActionRequested', { actionId: 'a1', title: 't', description: '', priority: 'high', options: [{ id: 'accept', label: 'Accept' }], agent: 'analyst', reason: 'low_confidence' }),
    ]);
    expect(next).toBeNull();
  });

  const escalated = (e: ReturnType<typeof streamOf>) => [
    created(e), started(e, 'analyst'), produced(e, 0.3),
    e('ActionRequested', { actionId: 'a1', title: 't', description: '', priority: 'high', options: [{ id: 'accept', label: 'Accept' }], agent: 'analyst', reason: 'low_confidence' }),
  ];

  it('when the person accepts → accept the output on their word', () => {
    const { next } = given((e) => [...escalated(e), e('ActionResolved', { actionId: 'a1', optionId: 'accept', response: null })]);
    expect(next).toEqual({ type: 'AcceptOutput', agent: 'analyst', acceptedBy: 'person' });
  });

  it('when the person answers in free text → a new attempt carrying the answer as guidance', () => {
    const { next } = given((e) => [...escalated(e), e('ActionResolved', { actionId: 'a1', optionId: null, response: 'It is for a library' })]);
    expect(next).toEqual({ type: 'StartStep', agent: 'analyst', stepId: 'analyst-2', attempt: 2, guidance: ['It is for a library'] });
  });

  it('when the person aborts → cancel the project', () => {
    const { next } = given((e) => [...escalated(e), e('ActionResolved', { actionId: 'a1', optionId: 'abort', response: null })]);
    expect(next).toEqual({ type: 'CancelProject', reason: 'aborted by a person' });
  });

  it('given a rejected attempt under the limit → try again; at the limit → escalate', () => {
    expect(given((e) => [created(e), started(e, 'analyst'), rejected(e, 1)]).next).toMatchObject({ type: 'StartStep', attempt: 2 });
    const { next } = given((e) => [created(e), started(e, 'analyst', 1), rejected(e, 1), started(e, 'analyst', 2), rejected(e, 2), started(e, 'analyst', 3), rejected(e, 3)]);
    expect(next).toMatchObject({ type: 'Escalate', escalation: { reason: 'attempts_exhausted', attempts: 3, errors: ['bad'] } });
  });

  it('given tokens over the budget → escalate before the next step', () => {
    const { next } = given((e) => [
      created(e, { ...SETTINGS, tokenBudget: 100 }),
      started(e, 'analyst'),
      e('LlmCallCompleted', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, purpose: 'answer', provider: 'p', model: 'm', messages: [], rawAnswer: '{}', promptTokens: 80, completionTokens: 40, latencyMs: 1, requestHash: 'h' }),
      produced(e, 0.9),
      e('AgentOutputAccepted', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, output: analystAnswer(), confidence: 0.9, acceptedBy: 'threshold' }),
    ]);
    expect(next).toMatchObject({ type: 'Escalate', escalation: { reason: 'budget_exceeded', tokensUsed: 120, tokenBudget: 100 } });
  });

  it('given every agent accepted → run the tests; given a finished project → nothing', () => {
    const accepted = (e: ReturnType<typeof streamOf>, agent: 'analyst' | 'architect' | 'developer' | 'tester', output: object) =>
      e('AgentOutputAccepted', { stepId: `${agent}-1`, agent, attempt: 1, output: output as Record<string, unknown>, confidence: 0.9, acceptedBy: 'threshold' });
    const all = (e: ReturnType<typeof streamOf>) => [
      created(e), accepted(e, 'analyst', analystAnswer()), accepted(e, 'architect', architectAnswer()),
      accepted(e, 'developer', { files: [], api_endpoints: [] }), accepted(e, 'tester', { test_files: [], test_plan: [] }),
    ];
    expect(given(all).next).toMatchObject({ type: 'StartTests', round: 1 });
    expect(given((e) => [...all(e), e('ProjectCompleted', { summary: 'done' })]).next).toBeNull();
  });

  it('given a retry request for the architect → it and later agents start over with the guidance', () => {
    const { next, state } = given((e) => [
      created(e),
      e('AgentOutputAccepted', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, output: analystAnswer(), confidence: 0.9, acceptedBy: 'threshold' }),
      e('AgentOutputAccepted', { stepId: 'architect-1', agent: 'architect', attempt: 1, output: architectAnswer(), confidence: 0.9, acceptedBy: 'threshold' }),
      e('StepRetryRequested', { agent: 'architect', guidance: 'Use PostgreSQL' }),
    ]);
    expect(state.agents.analyst.accepted).not.toBeNull();
    expect(next).toEqual({ type: 'StartStep', agent: 'architect', stepId: 'architect-1', attempt: 1, guidance: ['Use PostgreSQL'] });
  });

  describe('after the agents: tests', () => {
    const acceptedAll = (e: ReturnType<typeof streamOf>, settings = SETTINGS) => [
      created(e, settings),
      ...(['analyst', 'architect', 'developer', 'tester'] as const).map((agent) =>
        e('AgentOutputAccepted', { stepId: `${agent}-1`, agent, attempt: 1, output: { files: [], test_files: [], api_endpoints: [], test_plan: [], user_stories: [], entities: [] }, confidence: 0.9, acceptedBy: 'threshold' }),
      ),
    ];
    const run = (e: ReturnType<typeof streamOf>, round: number, failed: number) => [
      e('TestRunStarted', { runId: `p1:tests-${round}`, round }),
      e('TestRunCompleted', { runId: `p1:tests-${round}`, round, command: ['node'], exitCode: failed ? 1 : 0, signal: null, timedOut: false, passed: 2, failed, skipped: 0, durationMs: 5, output: 'not ok 1 - S1.AC1 x', tests: [{ name: 'S1.AC1 x', ok: failed === 0 }] }),
    ];

    it('given code and tests accepted → start a test run; given it started → run it', () => {
      expect(given(acceptedAll).next).toEqual({ type: 'StartTests', runId: 'p1:tests-1', round: 1 });
      expect(given((e) => [...acceptedAll(e), e('TestRunStarted', { runId: 'p1:tests-1', round: 1 })]).next).toEqual({ type: 'RunTests', runId: 'p1:tests-1', round: 1 });
    });

    it('when the run passes → complete', () => {
      expect(given((e) => [...acceptedAll(e), ...run(e, 1, 0)]).next).toEqual({ type: 'CompleteProject' });
    });

    it('when the run fails → the developer tries again with the failures in its input', () => {
      const { next } = given((e) => [...acceptedAll(e), ...run(e, 1, 1)]);
      expect(next).toMatchObject({ type: 'StartStep', agent: 'developer' });
      const { next: running } = given((e) => [...acceptedAll(e), ...run(e, 1, 1), started(e, 'developer' as never, 2)]);
      expect(running).toMatchObject({ type: 'RunStep', input: { testFailures: expect.stringContaining('S1.AC1 x') } });
    });

    it('when the runs keep failing past the repair rounds → ask a person, with the output', () => {
      const { next } = given((e) => [...acceptedAll(e, { ...SETTINGS, maxRepairRounds: 0 }), ...run(e, 1, 1)]);
      expect(next).toMatchObject({ type: 'Escalate', escalation: { reason: 'tests_failing', agent: 'developer', failedTests: 1, output: 'not ok 1 - S1.AC1 x' } });
    });
  });
});
