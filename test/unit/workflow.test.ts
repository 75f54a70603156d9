import { createHash } from 'node:crypto';
import type { Mutant } from '../../src/events/catalog';
import { decideAhead, decideWorkEnded, decideWorkflow, foldWorkflow, isLaunchedWork, nextCommand, proofOf } from '../../src/domain/workflow';
import { analystAnswer, architectAnswer, developerAnswer, testerAnswer } from '../support/agent-fixtures';
import { SETTINGS, streamOf } from '../support/event-factory';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

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

  it('given a confident output → deciding ahead accepts it, hands off and starts the architect in one append, as one at a time would', () => {
    const { state, next } = given((e) => [created(e), started(e, 'analyst'), produced(e, 0.9)]);
    const ahead = decideAhead(next!, state, () => 'id');
    expect(ahead.map((x) => x.type)).toEqual(['AgentOutputAccepted', 'MessageSent', 'AgentStepStarted']);
    const oneAtATime = decideWorkflow(next!, state, () => 'id');
    const afterwards = given((e) => [created(e), started(e, 'analyst'), produced(e, 0.9), ...oneAtATime.map((x) => e(x.type as never, x.data as never))]);
    expect(afterwards.next).toEqual({ type: 'StartStep', agent: 'architect', stepId: 'architect-1', attempt: 1, guidance: [] });
    expect(ahead).toEqual([...oneAtATime, ...decideWorkflow(afterwards.next!, afterwards.state, () => 'id')]);
  });

  it('given a step to run, a wait or a finished project → deciding ahead stops there', () => {
    const running = given((e) => [created(e), started(e, 'analyst')]);
    expect(isLaunchedWork(running.next!)).toBe(true);
    const asked = given((e) => [created(e), started(e, 'analyst'), produced(e, 0.3)]);
    expect(decideAhead(asked.next!, asked.state, () => 'a1').map((x) => x.type)).toEqual(['ActionRequested']);
  });

  it('given an accepted analysis → start the architect with the analysis as its input', () => {
    const { next, state } = given((e) => [
      created(e), started(e, 'analyst'), produced(e, 0.9),
      e('AgentOutputAccepted', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, output: analystAnswer(), confidence: 0.9, acceptedBy: 'threshold' }),
    ]);
    expect(next).toMatchObject({ type: 'StartStep', agent: 'architect', attempt: 1 });
    expect(state.agents.analyst.accepted?.output).toEqual(analystAnswer());
  });

  it('given an analyst output under the threshold → escalate with accept / retry / new requirements / abort', () => {
    const { state, next } = given((e) => [created(e), started(e, 'analyst'), produced(e, 0.3)]);
    expect(next).toMatchObject({ type: 'Escalate', escalation: { reason: 'low_confidence', agent: 'analyst', confidence: 0.3, threshold: 0.7 } });
    const [event] = decideWorkflow(next!, state, () => 'a1');
    expect(event.data).toMatchObject({ actionId: 'a1', priority: 'high', options: [{ id: 'accept' }, { id: 'retry' }, { id: 'replace_requirements' }, { id: 'abort' }] });
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
    // Each attempt fails its own way (failing the same way twice is a loop, escalated at once: below).
    const failed = (e: ReturnType<typeof streamOf>, attempt: number) =>
      e('AgentOutputRejected', { stepId: `analyst-${attempt}`, agent: 'analyst', attempt, reason: 'invalid_output', errors: [`bad ${attempt}`] });
    const { next } = given((e) => [created(e), started(e, 'analyst', 1), failed(e, 1), started(e, 'analyst', 2), failed(e, 2), started(e, 'analyst', 3), failed(e, 3)]);
    expect(next).toMatchObject({ type: 'Escalate', escalation: { reason: 'attempts_exhausted', attempts: 3, errors: ['bad 3'] } });
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

  it('given a completed project, when a change is asked for → the analyst starts round 2 from the change and its own earlier answer', () => {
    const accepted = (e: ReturnType<typeof streamOf>, agent: 'analyst' | 'architect' | 'developer' | 'tester', output: object, attempt = 1) =>
      e('AgentOutputAccepted', { stepId: `${agent}-${attempt}`, agent, attempt, output: output as Record<string, unknown>, confidence: 0.9, acceptedBy: 'threshold' });
    const file = (e: ReturnType<typeof streamOf>, path: string, content: string) =>
      e('ArtifactWritten', { stepId: 'developer-1', agent: 'developer', attempt: 1, path, version: 1, content, sha256: `sha-of-${content}`, size: content.length });
    const developed = { files: [{ path: 'src/a.js', content: 'a' }, { path: 'src/b.js', content: 'b' }], api_endpoints: [] };
    const ended = (e: ReturnType<typeof streamOf>) => [
      created(e), started(e, 'analyst'), accepted(e, 'analyst', analystAnswer()), accepted(e, 'architect', architectAnswer()),
      accepted(e, 'developer', developed), file(e, 'src/a.js', 'a'), file(e, 'src/b.js', 'b'), accepted(e, 'tester', { test_files: [], test_plan: [] }),
      e('ProjectCompleted', { summary: 'done' }),
    ];
    const { state, next } = given((e) => [...ended(e), e('ChangeRequested', { round: 2, text: 'Add a search by author' })]);
    expect(state).toMatchObject({ round: 2, finished: false, changes: ['Add a search by author'] });
    expect(next).toEqual({ type: 'StartStep', agent: 'analyst', stepId: 'analyst-2', attempt: 2, guidance: [] });
    const running = given((e) => [...ended(e), e('ChangeRequested', { round: 2, text: 'Add a search by author' }), started(e, 'analyst', 2)]);
    expect(running.next).toMatchObject({
      type: 'RunStep',
      agent: 'analyst',
      input: { requirements: 'Build a shop', changes: ['Add a search by author'], earlier: analystAnswer() },
    });

    // The developer's answer in round 2 keeps a.js as it was and changes b.js: only b.js is a new version, nothing is deleted.
    const redeveloped = given((e) => [
      ...ended(e), e('ChangeRequested', { round: 2, text: 'Add a search by author' }),
      accepted(e, 'analyst', analystAnswer(), 2), accepted(e, 'architect', architectAnswer(), 2),
      e('AgentStepStarted', { stepId: 'developer-2', agent: 'developer', attempt: 2, guidance: [] }),
      e('AgentOutputProduced', { stepId: 'developer-2', agent: 'developer', attempt: 2, output: { files: [{ path: 'src/a.js', content: 'a' }], api_endpoints: [] }, confidence: 0.9, modelConfidence: 0.9 }),
    ]);
    expect(redeveloped.state.agents.developer.earlier).toEqual(developed);
    const written = decideWorkflow(redeveloped.next!, { ...redeveloped.state, artifactHashes: { 'src/a.js': sha256('a'), 'src/b.js': 'sha-of-b' } }, () => 'id');
    expect(written.filter((x) => x.type.startsWith('Artifact'))).toEqual([]);
    const rewritten = decideWorkflow(redeveloped.next!, { ...redeveloped.state, artifactHashes: { 'src/a.js': 'sha-of-old-a' } }, () => 'id');
    expect(rewritten.filter((x) => x.type.startsWith('Artifact')).map((x) => [x.type, (x.data as { path: string; version: number }).path, (x.data as { version: number }).version])).toEqual([['ArtifactWritten', 'src/a.js', 2]]);

    // An answer that lists b.js as deleted deletes it; a file a person wrote stays, whatever the answer lists.
    const deleting = given((e) => [
      ...ended(e), e('ChangeRequested', { round: 2, text: 'Drop b' }),
      accepted(e, 'analyst', analystAnswer(), 2), accepted(e, 'architect', architectAnswer(), 2),
      e('AgentOutputProduced', { stepId: 'developer-2', agent: 'developer', attempt: 2, output: { files: [{ path: 'src/a.js', content: 'a' }], api_endpoints: [], deleted_files: ['./src/b.js'] }, confidence: 0.9, modelConfidence: 0.9 }),
    ]);
    const artifacts = (events: ReturnType<typeof decideWorkflow>) => events.filter((x) => x.type.startsWith('Artifact')).map((x) => [x.type, (x.data as { path: string }).path]);
    expect(artifacts(decideWorkflow(deleting.next!, { ...deleting.state, artifactHashes: { 'src/a.js': sha256('a') } }, () => 'id'))).toEqual([['ArtifactDeleted', 'src/b.js']]);
    const personB = { ...deleting.state, artifactHashes: { 'src/a.js': sha256('a') }, personFiles: { 'src/b.js': 'mine' } };
    expect(artifacts(decideWorkflow(deleting.next!, personB, () => 'id'))).toEqual([]);
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

  it('given two attempts that ended with the same answer and the same errors → escalate now, whatever attempts are left', () => {
    const call = (e: ReturnType<typeof streamOf>, attempt: number, rawAnswer: string) =>
      e('LlmCallCompleted', { stepId: `analyst-${attempt}`, agent: 'analyst', attempt, purpose: 'answer', provider: 'p', model: 'm', latencyMs: 1, requestHash: 'h', messages: [], rawAnswer, promptTokens: 1, completionTokens: 1 });
    const settings = { ...SETTINGS, maxAttempts: 5 };
    const same = given((e) => [created(e, settings), started(e, 'analyst', 1), call(e, 1, '{"x":1}'), rejected(e, 1), started(e, 'analyst', 2), call(e, 2, '{"x":1}'), rejected(e, 2)]);
    expect(same.next).toMatchObject({ type: 'Escalate', escalation: { reason: 'attempts_exhausted', stepId: 'analyst-2', attachment: 'The answer both attempts ended with:\n{"x":1}' } });
    const differ = given((e) => [created(e, settings), started(e, 'analyst', 1), call(e, 1, '{"x":1}'), rejected(e, 1), started(e, 'analyst', 2), call(e, 2, '{"x":2}'), rejected(e, 2)]);
    expect(differ.next).toMatchObject({ type: 'StartStep', attempt: 3 });
  });

  describe('a step past its deadline', () => {
    const timedOut = (e: ReturnType<typeof streamOf>, attempt = 1) =>
      e('AgentOutputRejected', { stepId: `analyst-${attempt}`, agent: 'analyst', attempt, reason: 'timed_out', errors: ['no output within 1000 ms'], deadlineMs: 300000 });
    const asked = (e: ReturnType<typeof streamOf>) =>
      e('ActionRequested', { actionId: 'a1', title: 't', description: '', priority: 'urgent', options: [{ id: 'retry', label: 'Retry' }, { id: 'abort', label: 'Abort' }], agent: 'analyst', reason: 'step_timeout', stepId: 'analyst-1' });

    it('given the first attempt timed out → escalate at once (no second attempt), naming the agent and the wait, with retry / abort', () => {
      const { state, next } = given((e) => [created(e), started(e, 'analyst'), timedOut(e)]);
      expect(next).toEqual({
        type: 'Escalate',
        escalation: { reason: 'step_timeout', agent: 'analyst', stepId: 'analyst-1', deadlineMs: 300000, errors: ['no output within 1000 ms'] },
      });
      const [event] = decideWorkflow(next!, state, () => 'a1');
      expect(event).toMatchObject({
        type: 'ActionRequested',
        data: { actionId: 'a1', reason: 'step_timeout', agent: 'analyst', stepId: 'analyst-1', title: 'The analyst got no answer from its model within 5 min', priority: 'urgent' },
      });
      expect((event.data as { options: { id: string }[] }).options.map((o) => o.id)).toEqual(['retry', 'abort']);
    });

    it('given an earlier ordinary failure and then a timeout → escalate for the timeout, not try a third time', () => {
      const { next } = given((e) => [created(e), started(e, 'analyst', 1), rejected(e, 1), started(e, 'analyst', 2), timedOut(e, 2)]);
      expect(next).toMatchObject({ type: 'Escalate', escalation: { reason: 'step_timeout', stepId: 'analyst-2' } });
    });

    it('given the escalation is pending → wait', () => {
      expect(given((e) => [created(e), started(e, 'analyst'), timedOut(e), asked(e)]).next).toBeNull();
    });

    it('when the person retries → a new attempt, with their answer as guidance', () => {
      const { next } = given((e) => [created(e), started(e, 'analyst'), timedOut(e), asked(e), e('ActionResolved', { actionId: 'a1', optionId: 'retry', response: 'The model is back' })]);
      expect(next).toEqual({ type: 'StartStep', agent: 'analyst', stepId: 'analyst-2', attempt: 2, guidance: ['The model is back'] });
    });

    it('when the person aborts → cancel the project', () => {
      const { next } = given((e) => [created(e), started(e, 'analyst'), timedOut(e), asked(e), e('ActionResolved', { actionId: 'a1', optionId: 'abort', response: null })]);
      expect(next).toEqual({ type: 'CancelProject', reason: 'aborted by a person' });
    });

    it('given the retried attempt fails in an ordinary way → the usual retries resume', () => {
      const { next } = given((e) => [
        created(e), started(e, 'analyst'), timedOut(e), asked(e),
        e('ActionResolved', { actionId: 'a1', optionId: 'retry', response: null }), started(e, 'analyst', 2), rejected(e, 2),
      ]);
      expect(next).toMatchObject({ type: 'StartStep', attempt: 3 });
    });
  });

  describe('launched work that ended without an outcome', () => {
    it('given an agent step that crashed → its rejection, as `crashed` with the error; the workflow then tries again', () => {
      const { next } = given((e) => [created(e), started(e, 'analyst')]);
      const events = decideWorkEnded(next as Extract<typeof next, { type: 'RunStep' }>, 'boom');
      expect(events).toEqual([{ type: 'AgentOutputRejected', data: { stepId: 'analyst-1', agent: 'analyst', attempt: 1, reason: 'crashed', errors: ['boom'] } }]);
      const after = given((e) => [created(e), started(e, 'analyst'), e('AgentOutputRejected', events[0].data as never)]);
      expect(after.next).toMatchObject({ type: 'StartStep', agent: 'analyst', attempt: 2 });
    });

    it('given crashes on every attempt → escalate after the attempt limit, with the error', () => {
      const crashed = (e: ReturnType<typeof streamOf>, attempt: number) =>
        e('AgentOutputRejected', { stepId: `analyst-${attempt}`, agent: 'analyst', attempt, reason: 'crashed', errors: ['boom'] });
      const { next } = given((e) => [created(e), started(e, 'analyst', 1), crashed(e, 1), started(e, 'analyst', 2), crashed(e, 2), started(e, 'analyst', 3), crashed(e, 3)]);
      expect(next).toMatchObject({ type: 'Escalate', escalation: { reason: 'attempts_exhausted', attempts: 3, errors: ['boom'] } });
    });

    it('given a test run that could not be carried out → a failed run naming the error, which sends the developer back', () => {
      const events = decideWorkEnded({ type: 'RunTests', runId: 'p1:tests-1', round: 1 }, 'workspace unavailable');
      expect(events).toEqual([
        {
          type: 'TestRunCompleted',
          data: expect.objectContaining({ runId: 'p1:tests-1', round: 1, exitCode: null, passed: 0, failed: 1, output: 'The test run could not be carried out: workspace unavailable' }),
        },
      ]);
      const acceptedAll = (e: ReturnType<typeof streamOf>) => [
        created(e),
        ...(['analyst', 'architect', 'developer', 'tester'] as const).map((agent) =>
          e('AgentOutputAccepted', { stepId: `${agent}-1`, agent, attempt: 1, output: { files: [] }, confidence: 0.9, acceptedBy: 'threshold' }),
        ),
      ];
      const { next } = given((e) => [...acceptedAll(e), e('TestRunStarted', { runId: 'p1:tests-1', round: 1 }), e('TestRunCompleted', events[0].data as never)]);
      expect(next).toMatchObject({ type: 'StartStep', agent: 'developer' });
    });
  });

  describe('after the agents: tests', () => {
    type E2 = ReturnType<typeof streamOf>;
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

    it('given the developer repairs with exactly the code that failed → no test run again: a person is asked at once, with the failing run', () => {
      const same = (e: E2) => [
        ...acceptedAll(e), ...run(e, 1, 1),
        e('AgentOutputAccepted', { stepId: 'developer-2', agent: 'developer', attempt: 2, output: { files: [], test_files: [], api_endpoints: [], test_plan: [], user_stories: [], entities: [] }, confidence: 0.9, acceptedBy: 'threshold' }),
      ];
      const { state, next } = given(same);
      expect(next).toMatchObject({ type: 'Escalate', escalation: { reason: 'tests_failing', agent: 'developer', stepId: 'developer-2', rounds: 1, failedTests: 1, output: 'not ok 1 - S1.AC1 x' } });
      const [event] = decideWorkflow(next!, state, () => 'a1');
      expect((event.data as { description: string }).description).toContain("The developer's new answer (developer-2) is the same as its last (developer-1)");
      const changed = given((e) => [...acceptedAll(e), ...run(e, 1, 1), e('AgentOutputAccepted', { stepId: 'developer-2', agent: 'developer', attempt: 2, output: { files: [{ path: 'src/a.js', content: 'fixed' }] }, confidence: 0.9, acceptedBy: 'threshold' })]);
      expect(changed.next).toEqual({ type: 'StartTests', runId: 'p1:tests-2', round: 2 });
    });

    it('given a repair after which as many tests fail → ask a person now, with both counts; fewer failing → another round', () => {
      const fix = (e: E2, attempt: number) =>
        e('AgentOutputAccepted', { stepId: `developer-${attempt}`, agent: 'developer', attempt, output: { files: [{ path: 'src/a.js', content: `fix ${attempt}` }] }, confidence: 0.9, acceptedBy: 'threshold' });
      const { state, next } = given((e) => [...acceptedAll(e), ...run(e, 1, 2), fix(e, 2), ...run(e, 2, 2)]);
      expect(next).toMatchObject({ type: 'Escalate', escalation: { reason: 'tests_failing', agent: 'developer', stepId: 'developer-2', rounds: 1, failedTests: 2 } });
      const [event] = decideWorkflow(next!, state, () => 'a1');
      expect((event.data as { description: string }).description).toContain('The last repair left 2 tests failing, 2 before it');
      expect(given((e) => [...acceptedAll(e), ...run(e, 1, 2), fix(e, 2), ...run(e, 2, 1)]).next).toMatchObject({ type: 'StartStep', agent: 'developer' });
    });

    it('when the runs keep failing past the repair rounds → ask a person, with the output', () => {
      const { next } = given((e) => [...acceptedAll(e, { ...SETTINGS, maxRepairRounds: 0 }), ...run(e, 1, 1)]);
      expect(next).toMatchObject({ type: 'Escalate', escalation: { reason: 'tests_failing', agent: 'developer', failedTests: 1, output: 'not ok 1 - S1.AC1 x' } });
    });
  });
  describe('after the tests pass: proof', () => {
    type E = ReturnType<typeof streamOf>;
    const PROOF = { ...SETTINGS, proof: { maxRounds: 1, mutationBudgetMs: 30000 } };
    const analysis = {
      ...analystAnswer(),
      user_stories: [{ ...analystAnswer().user_stories[0], acceptance_criteria: [{ id: 'S1.AC1', text: 'GET /products lists products' }, { id: 'S1.AC2', text: 'POST /products adds a product' }] }],
    };
    const code = {
      ...developerAnswer(),
      implementations: [
        { criterion_id: 'S1.AC1', file: 'src/products.js', function: 'list' },
        { criterion_id: 'S1.AC2', file: 'src/products.js', function: 'add' },
      ],
    };
    const accept = (e: E, agent: 'analyst' | 'architect' | 'developer' | 'tester', output: object, attempt = 1) =>
      e('AgentOutputAccepted', { stepId: `${agent}-${attempt}`, agent, attempt, output: output as Record<string, unknown>, confidence: 0.9, acceptedBy: 'threshold' });
    const agentsDone = (e: E, settings: typeof SETTINGS = PROOF) => [
      created(e, settings), accept(e, 'analyst', analysis), accept(e, 'architect', architectAnswer()), accept(e, 'developer', code), accept(e, 'tester', testerAnswer()),
    ];
    const passed = (e: E, round: number, names = ['S1.AC1 lists products', 'S1.AC2 adds a product']) => [
      e('TestRunStarted', { runId: `p1:tests-${round}`, round }),
      e('TestRunCompleted', { runId: `p1:tests-${round}`, round, command: ['node'], exitCode: 0, signal: null, timedOut: false, passed: names.length, failed: 0, skipped: 0, durationMs: 5, output: '', tests: names.map((name) => ({ name, ok: true })) }),
    ];
    const mutant = (id: string, fn: 'list' | 'add', killedBy: string[]): Mutant => ({
      id, file: 'src/products.js', line: fn === 'list' ? 2 : 3, column: 16, functionName: fn, mutator: 'ArrayDeclaration',
      original: fn === 'list' ? 'items.slice()' : 'items.push(p)', replacement: fn === 'list' ? '[]' : 'undefined',
      status: killedBy.length ? 'killed' : 'survived', killedBy,
    });
    const mutated = (e: E, round: number, mutants: Mutant[], error: string | null = null) => [
      e('MutationRunStarted', { runId: `p1:mutation-${round}`, round }),
      e('MutationRunCompleted', {
        runId: `p1:mutation-${round}`, round, tool: 'stryker 9', durationMs: 900, budgetMs: 30000, budgetExceeded: false, created: mutants.length,
        killed: mutants.filter((m) => m.status === 'killed').length, survived: mutants.filter((m) => m.status === 'survived').length, timedOut: 0, mutants, error,
      }),
    ];
    /** The tester's answer to a proof round: tests it changed. */
    const sharper = { ...testerAnswer(), test_plan: [...testerAnswer().test_plan, { story_id: 'S1', criterion_id: 'S1.AC2', description: 'adds a product' }] };
    const bothKilled = [mutant('1', 'list', ['S1.AC1 lists products']), mutant('2', 'add', ['S1.AC2 adds a product'])];
    const secondSurvives = [mutant('1', 'list', ['S1.AC1 lists products']), mutant('2', 'add', [])];
    const asked = (e: E, criteria: string[]) =>
      e('ActionRequested', { actionId: 'a1', title: 't', description: '', priority: 'high', options: [{ id: 'accept', label: 'Accept' }, { id: 'retry', label: 'Retry' }, { id: 'abort', label: 'Abort' }], agent: 'tester', reason: 'criteria_unproven', criteria });

    it('given a project recorded without proof settings, passing tests → complete at once, with no mutation run', () => {
      const { state, next } = given((e) => [...agentsDone(e, SETTINGS), ...passed(e, 1)]);
      expect(next).toEqual({ type: 'CompleteProject' });
      expect(decideWorkflow(next!, state, () => 'id')[0].data).toEqual({ summary: expect.not.stringContaining('proof') });
    });

    it('given passing tests and no mutation run of this code → start one; given it started (or a restart mid-run) → run it with the budget', () => {
      const { state, next } = given((e) => [...agentsDone(e), ...passed(e, 1)]);
      expect(next).toEqual({ type: 'StartMutation', runId: 'p1:mutation-1', round: 1 });
      expect(decideWorkflow(next!, state, () => 'id')).toEqual([{ type: 'MutationRunStarted', data: { runId: 'p1:mutation-1', round: 1 } }]);
      const running = given((e) => [...agentsDone(e), ...passed(e, 1), e('MutationRunStarted', { runId: 'p1:mutation-1', round: 1 })]);
      expect(running.next).toEqual({ type: 'RunMutation', runId: 'p1:mutation-1', round: 1, budgetMs: 30000, focus: ['src/products.js'] });
    });

    it('when every criterion is proven → complete, the summary saying how much is proven', () => {
      const { state, next } = given((e) => [...agentsDone(e), ...passed(e, 1), ...mutated(e, 1, bothKilled)]);
      expect(proofOf(state).map((p) => [p.criterionId, p.status])).toEqual([['S1.AC1', 'proven'], ['S1.AC2', 'proven']]);
      expect(next).toEqual({ type: 'CompleteProject' });
      expect((decideWorkflow(next!, state, () => 'id')[0].data as { summary: string }).summary).toMatch(/; proof: 2 of 2 criteria proven, mutation score 100%$/);
    });

    it('when a criterion is weak and proof rounds remain → the tester again, told which criterion, where its code is and the mutant no test noticed', () => {
      const { next } = given((e) => [...agentsDone(e), ...passed(e, 1), ...mutated(e, 1, secondSurvives)]);
      expect(next).toEqual({ type: 'StartStep', agent: 'tester', stepId: 'tester-1', attempt: 1, guidance: [] });
      const { next: running } = given((e) => [
        ...agentsDone(e), ...passed(e, 1), ...mutated(e, 1, secondSurvives), e('AgentStepStarted', { stepId: 'tester-1', agent: 'tester', attempt: 1, guidance: [] }),
      ]);
      const gaps = (running as Extract<typeof running, { type: 'RunStep' }>).input.proofGaps!;
      expect(gaps).toContain('1 of 2 criteria proven, mutation score 50%');
      expect(gaps).toContain('S1.AC2 (weak): "POST /products adds a product"');
      expect(gaps).toContain('Tests cite it (S1.AC2 adds a product), but none of them failed when its code was changed.');
      expect(gaps).toContain('Implemented in: src/products.js (function add).');
      expect(gaps).toContain('src/products.js:3:16 (ArrayDeclaration)\n- items.push(p)\n+ undefined');
      expect(gaps).toContain(`--- src/products.js\n${developerAnswer().files[1].content}`);
      expect(gaps).not.toContain('S1.AC1 (');
    });

    it('when no test cites a criterion → the tester is told it is untested', () => {
      const { state } = given((e) => [...agentsDone(e), ...passed(e, 1, ['S1.AC1 lists products']), ...mutated(e, 1, secondSurvives)]);
      expect(state.agents.tester.accepted).toBeNull();
      expect(state.agents.tester.proofGaps).toContain("S1.AC2 (untested): \"POST /products adds a product\"\nNo test's name starts with S1.AC2.");
    });

    it("given the tester's new tests are accepted → the tests run again, then a second mutation run; all proven then → complete", () => {
      const again = (e: E) => [...agentsDone(e), ...passed(e, 1), ...mutated(e, 1, secondSurvives), accept(e, 'tester', sharper, 2)];
      expect(given(again).next).toEqual({ type: 'StartTests', runId: 'p1:tests-2', round: 2 });
      expect(given((e) => [...again(e), ...passed(e, 2)]).next).toEqual({ type: 'StartMutation', runId: 'p1:mutation-2', round: 2 });
      const { state, next } = given((e) => [...again(e), ...passed(e, 2), ...mutated(e, 2, bothKilled)]);
      expect(next).toEqual({ type: 'CompleteProject' });
      expect(state.agents.tester.proofGaps).toBeNull();
    });

    it("given the tester answers a proof round exactly as before → no test or mutation run again: a person is asked at once, told why", () => {
      const same = (e: E) => [...agentsDone(e), ...passed(e, 1), ...mutated(e, 1, secondSurvives), accept(e, 'tester', testerAnswer(), 2)];
      const { state, next } = given(same);
      expect(state.agents.tester.repeated).toEqual({ stepId: 'tester-2', sameAs: 'tester-1' });
      expect(next).toMatchObject({ type: 'Escalate', escalation: { reason: 'criteria_unproven', agent: 'tester', criteria: [{ id: 'S1.AC2', status: 'weak' }] } });
      const [event] = decideWorkflow(next!, state, () => 'a1');
      expect((event.data as { description: string }).description).toContain("The tester's new answer (tester-2) is the same as its last (tester-1)");
    });

    it('when the proof rounds are used up → one escalation naming the open criteria, with the share proven as confidence', () => {
      const exhausted = (e: E) => [
        ...agentsDone(e), ...passed(e, 1), ...mutated(e, 1, secondSurvives), accept(e, 'tester', sharper, 2), ...passed(e, 2), ...mutated(e, 2, secondSurvives),
      ];
      const { state, next } = given(exhausted);
      expect(next).toMatchObject({ type: 'Escalate', escalation: { reason: 'criteria_unproven', agent: 'tester', stepId: 'tester-2', rounds: 1, confidence: 0.5, criteria: [{ id: 'S1.AC2', status: 'weak' }] } });
      const [event] = decideWorkflow(next!, state, () => 'a1');
      expect(event).toMatchObject({ type: 'ActionRequested', data: { actionId: 'a1', reason: 'criteria_unproven', agent: 'tester', title: 'S1.AC2 is not proven', criteria: ['S1.AC2'] } });
      const data = event.data as { description: string; options: { id: string; label: string }[] };
      expect(data.options.map((o) => [o.id, o.label])).toEqual([['accept', 'Accept them as open'], ['retry', 'Retry with guidance'], ['abort', 'Abort']]);
      expect(data.description).toContain('1 of 2 criteria proven, mutation score 50%; confidence 50%');
      expect(data.description).toContain('- S1.AC2 (weak): POST /products adds a product');
      // Asked once: while the question is open, nothing else happens.
      expect(given((e) => [...exhausted(e), asked(e, ['S1.AC2'])]).next).toBeNull();
    });

    it('given no proof rounds and two open criteria → the title names both', () => {
      const { state, next } = given((e) => [...agentsDone(e, { ...PROOF, proof: { maxRounds: 0, mutationBudgetMs: 30000 } }), ...passed(e, 1, ['lists products']), ...mutated(e, 1, [])]);
      expect(decideWorkflow(next!, state, () => 'a1')[0].data).toMatchObject({ title: 'S1.AC1 and S1.AC2 are not proven', criteria: ['S1.AC1', 'S1.AC2'] });
    });

    const unproven = (e: E) => [
      ...agentsDone(e, { ...PROOF, proof: { maxRounds: 0, mutationBudgetMs: 30000 } }), ...passed(e, 1), ...mutated(e, 1, secondSurvives), asked(e, ['S1.AC2']),
    ];

    it('when the person accepts them as open → they are accepted with the words, and the project completes', () => {
      const { state, next } = given((e) => [...unproven(e), e('ActionResolved', { actionId: 'a1', optionId: 'accept', response: 'Adding is demo-only' })]);
      expect(proofOf(state).map((p) => [p.criterionId, p.status, p.acceptedWith])).toEqual([['S1.AC1', 'proven', null], ['S1.AC2', 'accepted', 'Adding is demo-only']]);
      expect(next).toEqual({ type: 'CompleteProject' });
      expect((decideWorkflow(next!, state, () => 'id')[0].data as { summary: string }).summary).toContain('proof: 1 of 2 criteria proven, 1 accepted as open');
    });

    it('given a criterion accepted as open, when a change round rewords it → the acceptance is gone; one it words as before keeps it', () => {
      const accepted = (e: E) => [...unproven(e), e('ActionResolved', { actionId: 'a1', optionId: 'accept', response: 'Adding is demo-only' }), e('ProjectCompleted', { summary: 'done' })];
      const reworded = (text: string) => ({ ...analysis, user_stories: [{ ...analysis.user_stories[0], acceptance_criteria: [analysis.user_stories[0].acceptance_criteria[0], { id: 'S1.AC2', text }] }] });
      const round2 = (e: E, text: string) => [...accepted(e), e('ChangeRequested', { round: 2, text: 'Products need a price' }), accept(e, 'analyst', reworded(text), 2)];
      expect(given((e) => round2(e, 'POST /products adds a product with a price')).state.proof.accepted).toEqual({});
      expect(given((e) => round2(e, 'POST /products adds a product')).state.proof.accepted).toEqual({ 'S1.AC2': 'Adding is demo-only' });
    });

    it('when the person retries with guidance → the tester again, with the guidance and the gaps', () => {
      const { next, state } = given((e) => [...unproven(e), e('ActionResolved', { actionId: 'a1', optionId: 'retry', response: 'Check the returned product' })]);
      expect(next).toEqual({ type: 'StartStep', agent: 'tester', stepId: 'tester-1', attempt: 1, guidance: ['Check the returned product'] });
      expect(state.agents.tester.proofGaps).toContain('S1.AC2 (weak)');
    });

    it('when the person aborts → cancel the project', () => {
      expect(given((e) => [...unproven(e), e('ActionResolved', { actionId: 'a1', optionId: 'abort', response: null })]).next).toEqual({ type: 'CancelProject', reason: 'aborted by a person' });
    });

    it('given a mutation run that failed → it counts as killing nothing: the tester is asked again, told why, and the run is not repeated', () => {
      const { state, next } = given((e) => [...agentsDone(e), ...passed(e, 1), ...mutated(e, 1, [], 'stryker crashed')]);
      expect(next).toMatchObject({ type: 'StartStep', agent: 'tester' });
      expect(state.agents.tester.proofGaps).toContain('The mutation run could not be carried out: stryker crashed');
      expect(proofOf(state).map((p) => p.status)).toEqual(['weak', 'weak']);
      const noRounds = given((e) => [...agentsDone(e, { ...PROOF, proof: { maxRounds: 0, mutationBudgetMs: 30000 } }), ...passed(e, 1), ...mutated(e, 1, bothKilled, 'stryker crashed')]);
      expect(noRounds.next).toMatchObject({ type: 'Escalate', escalation: { reason: 'criteria_unproven', errors: ['stryker crashed'] } });
    });

    it('given a mutation run that crashed without an outcome → a failed run is recorded, and the workflow moves on to the tester', () => {
      const events = decideWorkEnded({ type: 'RunMutation', runId: 'p1:mutation-1', round: 1, budgetMs: 30000, focus: [] }, 'out of memory');
      expect(events).toEqual([
        {
          type: 'MutationRunCompleted',
          data: { runId: 'p1:mutation-1', round: 1, tool: 'none', durationMs: 0, budgetMs: 30000, budgetExceeded: false, created: 0, killed: 0, survived: 0, timedOut: 0, mutants: [], error: 'The mutation run could not be carried out: out of memory' },
        },
      ]);
      const { next } = given((e) => [...agentsDone(e), ...passed(e, 1), e('MutationRunStarted', { runId: 'p1:mutation-1', round: 1 }), e('MutationRunCompleted', events[0].data as never)]);
      expect(next).toMatchObject({ type: 'StartStep', agent: 'tester' });
    });

    it('given a person asks to redo the developer mid-run → the run no longer counts, and the new code is mutated afresh', () => {
      const { state } = given((e) => [...agentsDone(e), ...passed(e, 1), e('MutationRunStarted', { runId: 'p1:mutation-1', round: 1 }), e('StepRetryRequested', { agent: 'developer', guidance: null })]);
      expect(state.mutation).toMatchObject({ running: null, current: false });
      expect(nextCommand(state)).toMatchObject({ type: 'StartStep', agent: 'developer' });
    });
  });
});
