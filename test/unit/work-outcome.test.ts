import { decideOutcome } from '../../src/domain/work-outcome';
import { foldWorkflow } from '../../src/domain/workflow';
import type { NewEvent } from '../../src/events/envelope';
import { SETTINGS, streamOf } from '../support/event-factory';

type Build = (e: ReturnType<typeof streamOf>) => ReturnType<ReturnType<typeof streamOf>>[];
/** given these past events → when ended work reports → then these events are appended. */
const given = (build: Build) => foldWorkflow('p1', build(streamOf('p1')));

const created = (e: ReturnType<typeof streamOf>) => e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop', settings: SETTINGS });
const started = (e: ReturnType<typeof streamOf>, attempt: number) => e('AgentStepStarted', { stepId: `analyst-${attempt}`, agent: 'analyst', attempt, guidance: [] });
const rejected = (attempt: number): NewEvent => ({
  type: 'AgentOutputRejected',
  data: { stepId: `analyst-${attempt}`, agent: 'analyst', attempt, reason: 'invalid_output', errors: ['bad'] },
});
const RESULT = { command: ['node'], exitCode: 0, signal: null, timedOut: false, passed: 1, failed: 0, skipped: 0, durationMs: 1, output: 'ok', tests: [] };

describe('what ended work reports (decider)', () => {
  it('given a running step → its outcome is recorded', () => {
    const state = given((e) => [created(e), started(e, 1)]);
    expect(decideOutcome({ type: 'RecordStepOutcome', agent: 'analyst', stepId: 'analyst-1', events: [rejected(1)] }, state)).toEqual([rejected(1)]);
  });

  it('given a later attempt of the step started meanwhile → the old outcome is dropped', () => {
    const state = given((e) => [created(e), started(e, 1), e('AgentOutputRejected', rejected(1).data as never), started(e, 2)]);
    expect(decideOutcome({ type: 'RecordStepOutcome', agent: 'analyst', stepId: 'analyst-1', events: [rejected(1)] }, state)).toEqual([]);
  });

  it('given a cancelled project → no outcome counts, but facts are still recorded', () => {
    const state = given((e) => [created(e), started(e, 1), e('ProjectCancelled', { reason: 'stop' })]);
    expect(decideOutcome({ type: 'RecordStepOutcome', agent: 'analyst', stepId: 'analyst-1', events: [rejected(1)] }, state)).toEqual([]);
    const fact = rejected(1);
    expect(decideOutcome({ type: 'RecordFacts', events: [fact] }, state)).toEqual([fact]);
  });

  it('given the test run still running → its result completes it; given another run → nothing', () => {
    const running = given((e) => [created(e), e('TestRunStarted', { runId: 'r1', round: 1 })]);
    expect(decideOutcome({ type: 'CompleteTestRun', runId: 'r1', round: 1, result: RESULT }, running)).toEqual([
      { type: 'TestRunCompleted', data: { runId: 'r1', round: 1, ...RESULT } },
    ]);
    expect(decideOutcome({ type: 'CompleteTestRun', runId: 'r0', round: 1, result: RESULT }, running)).toEqual([]);
  });
});
