import { createHash } from 'node:crypto';
import { DEFAULT_ARTIFACT_LIMITS } from '../../src/domain/artifact-rules';
import { foldProject } from '../../src/domain/project';
import { decideSteering, type SteeringCommand } from '../../src/domain/steering';
import { decideWorkflow, foldWorkflow, nextCommand } from '../../src/domain/workflow';
import type { StoredEvent } from '../../src/events/envelope';
import { ANSWERS } from '../support/agent-fixtures';
import { SETTINGS, streamOf } from '../support/event-factory';
import { refusal } from '../support/refusal';

type Agent = keyof typeof ANSWERS;

/** given these events → when a person steers → then these events (or a refusal). */
function given(build: (e: ReturnType<typeof streamOf>) => StoredEvent[]) {
  const e = streamOf('p1');
  const events = build(e);
  const decideOn = (command: SteeringCommand) => decideSteering(command, foldProject(events), foldWorkflow('p1', events));
  return { e, events, decideOn, state: foldWorkflow('p1', events) };
}

const created = (e: ReturnType<typeof streamOf>, breakpoints?: Agent[]) =>
  e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop', settings: { ...SETTINGS, ...(breakpoints ? { breakpoints } : {}) } });
const accepted = (e: ReturnType<typeof streamOf>, agent: Agent) =>
  e('AgentOutputAccepted', { stepId: `${agent}-1`, agent, attempt: 1, output: ANSWERS[agent]() as never, confidence: 0.9, acceptedBy: 'threshold' });


describe('breakpoints', () => {
  it('given a breakpoint on the architect and an accepted analysis → pause before it; resumed → start it, and not pause again', () => {
    const { state, e, events } = given((e) => [created(e, ['architect']), accepted(e, 'analyst')]);
    const pause = nextCommand(state);
    expect(pause).toEqual({ type: 'Pause', agent: 'architect' });
    const paused = [...events, e('ProjectPaused', decideWorkflow(pause!, state, () => 'x')[0].data as never)];
    expect(nextCommand(foldWorkflow('p1', paused))).toBeNull();
    const resumed = [...paused, e('ProjectResumed', { beforeAgent: 'architect' })];
    expect(nextCommand(foldWorkflow('p1', resumed))).toMatchObject({ type: 'StartStep', agent: 'architect', attempt: 1 });
  });

  it('given no pause → resuming is refused; breakpoints are kept in pipeline order', () => {
    const { decideOn } = given((e) => [created(e)]);
    expect(refusal(() => decideOn({ type: 'ResumeProject' }))).toMatchObject({ code: 'CONFLICT' });
    expect(decideOn({ type: 'SetBreakpoints', agents: ['tester', 'analyst'] })).toEqual([{ type: 'BreakpointsSet', data: { agents: ['analyst', 'tester'] } }]);
  });

  it('given a project recorded with a pipeline of its own → a pause before an agent it does not run is refused', () => {
    const { decideOn } = given((e) => [e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop', settings: SETTINGS, pipeline: ['analyst', 'developer'] })]);
    expect(refusal(() => decideOn({ type: 'SetBreakpoints', agents: ['developer', 'tester'] }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'agents', message: expect.stringContaining('no tester') });
    expect(decideOn({ type: 'SetBreakpoints', agents: ['developer'] })).toEqual([{ type: 'BreakpointsSet', data: { agents: ['developer'] } }]);
  });
});

describe('a person editing an accepted output', () => {
  const edit = (agent: Agent, output: unknown): SteeringCommand => ({ type: 'EditOutput', agent, output, limits: DEFAULT_ARTIFACT_LIMITS });

  it('given the team at work → refused; given a pause → the edit, and every agent after it works again', () => {
    const working = given((e) => [created(e), accepted(e, 'analyst'), e('AgentStepStarted', { stepId: 'architect-1', agent: 'architect', attempt: 1, guidance: [] })]);
    expect(refusal(() => working.decideOn(edit('analyst', ANSWERS.analyst())))).toMatchObject({ code: 'CONFLICT', field: 'projectId' });

    const { decideOn, e, events } = given((e) => [created(e, ['developer']), accepted(e, 'analyst'), accepted(e, 'architect'), e('ProjectPaused', { beforeAgent: 'developer' })]);
    const changed = { ...ANSWERS.analyst(), analysis: 'A bicycle shop.' };
    const decided = decideOn(edit('analyst', changed));
    expect(decided).toEqual([{ type: 'AgentOutputEdited', data: { agent: 'analyst', stepId: 'analyst-edit-5', replaces: 'analyst-1', output: changed } }]);
    const state = foldWorkflow('p1', [...events, e('AgentOutputEdited', decided[0].data as never), e('ProjectResumed', { beforeAgent: 'developer' })]);
    expect(state.agents.analyst.accepted?.output).toEqual(changed);
    expect(state.agents.architect.accepted).toBeNull();
    expect(nextCommand(state)).toMatchObject({ type: 'StartStep', agent: 'architect' });
  });

  it('given an output that breaks its schema or a path that leaves the workspace → refused, naming what is wrong', () => {
    const { decideOn } = given((e) => [created(e), accepted(e, 'analyst'), accepted(e, 'architect'), accepted(e, 'developer'), e('ProjectCompleted', { summary: 'done' })]);
    expect(refusal(() => decideOn(edit('analyst', { user_stories: 3 }))).message).toMatch(/^not a valid analyst output: /);
    const escape = { ...ANSWERS.developer(), files: [{ path: '../../etc/passwd', content: 'x' }] };
    expect(refusal(() => decideOn(edit('developer', escape)))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'output' });
  });

  it('given a finished project → an edit of the code writes only what changed, deletes what it took out, and runs the tests again', () => {
    const { decideOn, e, events } = given((e) => [
      created(e), accepted(e, 'analyst'), accepted(e, 'architect'), accepted(e, 'developer'),
      ...ANSWERS.developer().files.map((f) => e('ArtifactWritten', { stepId: 'developer-1', agent: 'developer', attempt: 1, path: f.path, version: 1, content: f.content, sha256: createHash('sha256').update(f.content).digest('hex'), size: f.content.length })),
      accepted(e, 'tester'),
      e('ProjectCompleted', { summary: 'done' }),
    ]);
    const [pkg, products] = ANSWERS.developer().files;
    const output = { ...ANSWERS.developer(), files: [{ ...products, content: `${products.content}// checked\n` }] };
    const decided = decideOn(edit('developer', output));
    expect(decided.map((x) => [x.type, (x.data as { path?: string }).path])).toEqual([
      ['AgentOutputEdited', undefined],
      ['ArtifactWritten', products.path],
      ['ArtifactDeleted', pkg.path],
    ]);
    expect(decided[1].data).toMatchObject({ version: 2 });
    const state = foldWorkflow('p1', [...events, ...decided.map((x) => e(x.type, x.data as never))]);
    expect(state.finished).toBe(false);
    expect(nextCommand(state)).toMatchObject({ type: 'StartStep', agent: 'tester' });
  });
});
