import pino from 'pino';
import { ulid } from 'ulid';
import { WorkflowRunner, type WorkflowRunnerDeps } from '../../src/app/workflow-runner';
import type { AgentName } from '../../src/domain/agents/agent';
import { foldWorkflow, type WorkflowCommand } from '../../src/domain/workflow';
import type { StoredEvent } from '../../src/events/envelope';
import { ANSWERS } from '../support/agent-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventsOfType, ofType, waitForEvent } from '../support/wait-for-event';

type RunStep = Extract<WorkflowCommand, { type: 'RunStep' }>;
type RunMutation = Extract<WorkflowCommand, { type: 'RunMutation' }>;

/** The real WorkflowRunner on a real log, with step runners that misbehave. */
describe('work that crashes', () => {
  let t: TestApp;
  let runner: WorkflowRunner | null = null;

  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    await runner?.stop();
    runner = null;
    await t.close();
  });

  function newRunner(
    steps: WorkflowRunnerDeps['steps'],
    tests: WorkflowRunnerDeps['tests'],
    mutationRuns: WorkflowRunnerDeps['mutationRuns'] = { run: (projectId, run) => proving(projectId, run) },
  ): WorkflowRunner {
    runner = new WorkflowRunner({ store: t.app.store, states: t.app.services.commands.states, bus: t.app.bus, steps, tests, mutationRuns, logger: pino({ level: 'silent' }), newId: ulid, unfinishedProjects: async () => [] });
    return runner;
  }

  async function create(): Promise<string> {
    const id = t.app.services.commands.newId();
    await t.app.services.commands.execute(id, { type: 'CreateProject', projectId: id, name: 'Shop', requirements: 'Build a shop with products.' });
    return id;
  }

  /** A well-behaved agent: records the fixture answer as the step's output. */
  const answering = (projectId: string, step: RunStep) =>
    t.app.services.commands
      .report(projectId, { type: 'RecordFacts', events: [
        {
          type: 'AgentOutputProduced',
          data: { stepId: step.stepId, agent: step.agent, attempt: step.attempt, output: ANSWERS[step.agent as AgentName]() as unknown as Record<string, unknown>, confidence: 0.9, modelConfidence: 0.9 },
        },
      ] })
      .then(() => undefined);

  /** A well-behaved mutation run: the fixture's test kills a mutant of the fixture's code, so S1.AC1 is proven. */
  const proving = (projectId: string, run: RunMutation) =>
    t.app.services.commands
      .report(projectId, { type: 'RecordFacts', events: [
        {
          type: 'MutationRunCompleted',
          data: {
            runId: run.runId, round: run.round, tool: 'fake', durationMs: 1, budgetMs: run.budgetMs, budgetExceeded: false, created: 1, killed: 1, survived: 0, timedOut: 0, error: null,
            mutants: [{ id: '1', file: 'src/products.js', line: 1, column: 14, functionName: null, mutator: 'ArrayDeclaration', original: '[]', replacement: '["Stryker was here"]', status: 'killed', killedBy: ['S1.AC1'] }],
          },
        },
      ] })
      .then(() => undefined);

  /** A test run that passes, named after the fixture's criterion. */
  const passing = (projectId: string, step: { runId: string; round: number }) =>
    t.app.services.commands
      .report(projectId, { type: 'RecordFacts', events: [
        {
          type: 'TestRunCompleted',
          data: { runId: step.runId, round: step.round, command: ['node'], exitCode: 0, signal: null, timedOut: false, passed: 1, failed: 0, skipped: 0, durationMs: 1, output: 'ok', tests: [{ name: 'S1.AC1', ok: true }] },
        },
      ] })
      .then(() => undefined);

  it('an agent step that always throws is tried maxAttempts times, each recorded as crashed, then a person is asked', async () => {
    let runs = 0;
    const workflow = newRunner(
      {
        run: async () => {
          runs++;
          throw new Error('boom: the step runner is broken');
        },
      },
      { run: async () => undefined },
    );
    await workflow.start();
    const id = await create();
    const action = (await waitForEvent(t.app, id, ofType('ActionRequested'))) as StoredEvent<'ActionRequested'>;
    await workflow.idle();

    expect(action.data).toMatchObject({ reason: 'attempts_exhausted', agent: 'analyst', priority: 'urgent' });
    expect(action.data.description).toContain('boom: the step runner is broken');
    expect(runs).toBe(3);
    const events = await t.app.store.readStream(id);
    expect(eventsOfType(events, 'AgentStepStarted')).toHaveLength(3);
    expect(eventsOfType(events, 'AgentOutputRejected').map((e) => [e.data.attempt, e.data.reason, e.data.errors])).toEqual([
      [1, 'crashed', ['boom: the step runner is broken']],
      [2, 'crashed', ['boom: the step runner is broken']],
      [3, 'crashed', ['boom: the step runner is broken']],
    ]);
  });

  it('a step that returns without recording an outcome counts as crashed too, so it is not launched forever', async () => {
    let runs = 0;
    const workflow = newRunner(
      {
        run: async () => {
          runs++;
        },
      },
      { run: async () => undefined },
    );
    await workflow.start();
    const id = await create();
    await waitForEvent(t.app, id, ofType('ActionRequested'));
    await workflow.idle();
    expect(runs).toBe(3);
    const rejected = eventsOfType(await t.app.store.readStream(id), 'AgentOutputRejected');
    expect(rejected.map((e) => e.data.errors)).toEqual(Array(3).fill(['the step ended without recording an outcome']));
  });

  it('a test run that always throws becomes a failed run; a repair that changes nothing asks a person instead of a rerun', async () => {
    let testRuns = 0;
    const workflow = newRunner(
      { run: (projectId, step) => answering(projectId, step) },
      {
        run: async () => {
          testRuns++;
          throw new Error('cannot materialize the workspace');
        },
      },
    );
    await workflow.start();
    const id = await create();
    const action = (await waitForEvent(t.app, id, ofType('ActionRequested'))) as StoredEvent<'ActionRequested'>;
    await workflow.idle();

    expect(action.data).toMatchObject({ reason: 'tests_failing', agent: 'developer' });
    // The first run; the developer's repair is the same code, so a person is asked rather than the run tried again.
    expect(testRuns).toBe(1);
    const runs = eventsOfType(await t.app.store.readStream(id), 'TestRunCompleted');
    expect(runs).toHaveLength(1);
    for (const run of runs) {
      expect(run.data).toMatchObject({ exitCode: null, passed: 0, failed: 1, output: 'The test run could not be carried out: cannot materialize the workspace' });
    }
  });

  it('a test run that recorded its own failure before throwing is not recorded twice', async () => {
    const workflow = newRunner(
      { run: (projectId, step) => answering(projectId, step) },
      {
        run: async (projectId, step) => {
          await passing(projectId, step);
          throw new Error('failed after recording');
        },
      },
    );
    await workflow.start();
    const id = await create();
    await waitForEvent(t.app, id, ofType('ProjectCompleted'));
    await workflow.idle();
    const events = await t.app.store.readStream(id);
    expect(eventsOfType(events, 'TestRunCompleted')).toHaveLength(1);
    expect(foldWorkflow(id, events).finished).toBe(true);
  });

  it('a mutation run that always throws becomes a failed run; the tester is asked again, and a person once its answer repeats', async () => {
    let mutationRuns = 0;
    const workflow = newRunner(
      { run: (projectId, step) => answering(projectId, step) },
      { run: (projectId, step) => passing(projectId, step) },
      {
        run: async () => {
          mutationRuns++;
          throw new Error('stryker ran out of memory');
        },
      },
    );
    await workflow.start();
    const id = await create();
    const action = (await waitForEvent(t.app, id, ofType('ActionRequested'))) as StoredEvent<'ActionRequested'>;
    await workflow.idle();

    expect(action.data).toMatchObject({ reason: 'criteria_unproven', agent: 'tester', criteria: ['S1.AC1'], title: 'S1.AC1 is not proven' });
    expect(action.data.description).toContain('The mutation run could not be carried out: stryker ran out of memory');
    // The first run; the tester's round gives the same tests, so a person is asked rather than the run tried again.
    expect(mutationRuns).toBe(1);
    const events = await t.app.store.readStream(id);
    expect(eventsOfType(events, 'MutationRunCompleted').map((e) => [e.data.round, e.data.error])).toEqual([
      [1, 'The mutation run could not be carried out: stryker ran out of memory'],
    ]);
    expect(eventsOfType(events, 'AgentStepStarted').filter((e) => e.data.agent === 'tester')).toHaveLength(2);
  });
});

