import { answerAtTerminal } from '../../src/cli/action-dialogue';
import { escalationEvent } from '../../src/domain/escalation';
import { decide, foldProject } from '../../src/domain/project';
import { decideWorkflow, foldWorkflow, nextCommand } from '../../src/domain/workflow';
import type { EventData } from '../../src/events/catalog';
import { ANSWERS, analystAnswer } from '../support/agent-fixtures';
import { SETTINGS, streamOf } from '../support/event-factory';
import { refusal } from '../support/refusal';


/** A project over its token budget of 100, waiting on a person. */
function overBudget() {
  const e = streamOf('p1');
  const budget = escalationEvent('a1', { reason: 'budget_exceeded', agent: null, tokensUsed: 120, tokenBudget: 100 });
  const events = [
    e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop', settings: { ...SETTINGS, tokenBudget: 100 } }),
    e('AgentStepStarted', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, guidance: [] }),
    e('LlmCallCompleted', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, purpose: 'answer', provider: 'p', model: 'm', latencyMs: 1, requestHash: 'h', messages: [], rawAnswer: '{}', promptTokens: 100, completionTokens: 20 }),
    e('AgentOutputRejected', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, reason: 'invalid_output', errors: ['bad'] }),
    e('ActionRequested', budget.data),
  ];
  return { e, events, budget };
}

describe('answers that say what they do', () => {
  it('given a used-up budget → the person is offered an amount that doubles it; "Continue" grants that amount, or the one they give', () => {
    const { e, events, budget } = overBudget();
    expect(budget.data.options[0]).toMatchObject({ id: 'continue', asks: { kind: 'tokens', offered: 100 } });
    const project = foldProject(events);
    expect(decide({ type: 'RespondToAction', actionId: 'a1', optionId: 'continue', response: null }, project)[0].data).toEqual({
      actionId: 'a1',
      optionId: 'continue',
      response: null,
      grantTokens: 100,
    });
    const granted = decide({ type: 'RespondToAction', actionId: 'a1', optionId: 'continue', response: null, grantTokens: 5000 }, project);
    const state = foldWorkflow('p1', [...events, e('ActionResolved', granted[0].data as EventData<'ActionResolved'>)]);
    expect(state.tokensGranted).toBe(5000);
    expect(nextCommand(state)).toMatchObject({ type: 'StartStep', agent: 'analyst' });
    expect(refusal(() => decide({ type: 'RespondToAction', actionId: 'a1', optionId: 'abort', response: null, grantTokens: 5 }, project))).toMatchObject({ field: 'grantTokens' });
    expect(refusal(() => decide({ type: 'RespondToAction', actionId: 'a1', optionId: 'continue', response: null, grantTokens: 0 }, project))).toMatchObject({ field: 'grantTokens' });
  });

  it('given an answer recorded before amounts existed → it grants one budget, as it did then', () => {
    const { e, events } = overBudget();
    const state = foldWorkflow('p1', [...events, e('ActionResolved', { actionId: 'a1', optionId: 'continue', response: null })]);
    expect(state.tokensGranted).toBe(100);
  });

  it('given an unsure analyst → "Use this as the requirements" replaces them, and the analyst starts again from them alone', () => {
    const e = streamOf('p1');
    const asked = escalationEvent('a1', { reason: 'low_confidence', agent: 'analyst', stepId: 'analyst-1', confidence: 0.3, threshold: 0.7 });
    expect(asked.data.options.map((o) => o.id)).toEqual(['accept', 'retry', 'replace_requirements', 'abort']);
    const events = [
      e('ProjectCreated', { name: 'Todo', requirements: 'A todo list where users add tasks', settings: SETTINGS }),
      e('AgentStepStarted', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, guidance: [] }),
      e('AgentOutputProduced', { stepId: 'analyst-1', agent: 'analyst', attempt: 1, output: analystAnswer(0.3), confidence: 0.3, modelConfidence: 0.3 }),
      e('ActionRequested', asked.data),
    ];
    const project = foldProject(events);
    expect(refusal(() => decide({ type: 'RespondToAction', actionId: 'a1', optionId: 'replace_requirements', response: ' ' }, project))).toMatchObject({ field: 'response' });
    const clear = 'A todo list: users add tasks with a due date, mark them done, and see overdue tasks first.';
    const [answer] = decide({ type: 'RespondToAction', actionId: 'a1', optionId: 'replace_requirements', response: clear }, project);
    const state = foldWorkflow('p1', [...events, e('ActionResolved', answer.data as EventData<'ActionResolved'>)]);
    expect(state.requirements).toBe(clear);
    expect(nextCommand(state)).toEqual({ type: 'StartStep', agent: 'analyst', stepId: 'analyst-2', attempt: 2, guidance: [] });
    // Other agents' questions offer no such thing: their answers are guidance.
    expect(escalationEvent('a2', { reason: 'low_confidence', agent: 'architect', confidence: 0.3, threshold: 0.7 }).data.options.map((o) => o.id)).not.toContain('replace_requirements');
  });

  it('given failing tests a person accepted → the project completes with a warning on the developer', () => {
    const e = streamOf('p1');
    const accepted = (agent: keyof typeof ANSWERS) =>
      e('AgentOutputAccepted', { stepId: `${agent}-1`, agent, attempt: 1, output: ANSWERS[agent]() as never, confidence: 0.9, acceptedBy: 'threshold' });
    const asked = escalationEvent('a1', { reason: 'tests_failing', agent: 'developer', rounds: 0, failedTests: 2, output: 'x' });
    const state = foldWorkflow('p1', [
      e('ProjectCreated', { name: 'Shop', requirements: 'Build a shop', settings: { ...SETTINGS, maxRepairRounds: 0 } }),
      accepted('analyst'), accepted('architect'), accepted('developer'), accepted('tester'),
      e('TestRunStarted', { runId: 'r1', round: 1 }),
      e('TestRunCompleted', { runId: 'r1', round: 1, exitCode: 1, signal: null, passed: 3, failed: 2, skipped: 0, durationMs: 1, timedOut: false, command: [], output: 'x', tests: [] }),
      e('ActionRequested', asked.data),
      e('ActionResolved', { actionId: 'a1', optionId: 'accept', response: null }),
    ]);
    const next = nextCommand(state);
    expect(next).toEqual({ type: 'CompleteProject' });
    expect(decideWorkflow(next!, state, () => 'id')[0].data).toMatchObject({
      warnings: [{ agent: 'developer', text: 'completed with 2 failing tests, accepted by a person' }],
    });
  });
});

describe('answering at a terminal', () => {
  const scripted = (answers: string[]) => {
    const asked: string[] = [];
    return { asked, question: async (prompt: string) => (asked.push(prompt), answers.shift() ?? '') };
  };
  const retryAsked = escalationEvent('a1', { reason: 'attempts_exhausted', agent: 'developer', attempts: 3, errors: ['boom'] }).data;

  it('"Retry with guidance" asks for the guidance', async () => {
    const { asked, question } = scripted(['1', 'Use plain objects']);
    expect(await answerAtTerminal(retryAsked, question, () => {})).toEqual({ optionId: 'retry', response: 'Use plain objects' });
    expect(asked[1]).toMatch(/^Guidance for the developer/);
  });

  it('typed words are guidance for a retry; a number out of range is asked again', async () => {
    const out: string[] = [];
    const { question } = scripted(['7', 'Keep it small']);
    expect(await answerAtTerminal(retryAsked, question, (t) => out.push(t))).toEqual({ optionId: 'retry', response: 'Keep it small' });
    expect(out).toContain('Pick one of 1 to 2.');
  });

  it('"Continue" asks how many tokens, with the doubling amount as the default', async () => {
    const budget = escalationEvent('a1', { reason: 'budget_exceeded', agent: null, tokensUsed: 520, tokenBudget: 500 }).data;
    expect(await answerAtTerminal(budget, scripted(['1', '']).question, () => {})).toEqual({ optionId: 'continue', response: null, grantTokens: 500 });
    const out: string[] = [];
    expect(await answerAtTerminal(budget, scripted(['1', 'lots', '20,000']).question, (t) => out.push(t))).toEqual({ optionId: 'continue', response: null, grantTokens: 20000 });
    expect(out.some((t) => /whole number/.test(t))).toBe(true);
    // No retry here: words alone are not an answer.
    expect(await answerAtTerminal(budget, scripted(['go on', '2']).question, () => {})).toEqual({ optionId: 'abort', response: null });
  });

  it('"Use this as the requirements" insists on the requirements', async () => {
    const unsure = escalationEvent('a1', { reason: 'low_confidence', agent: 'analyst', confidence: 0.2, threshold: 0.7 }).data;
    const out: string[] = [];
    const { question } = scripted(['3', '', 'A shop for bicycles.']);
    expect(await answerAtTerminal(unsure, question, (t) => out.push(t))).toEqual({ optionId: 'replace_requirements', response: 'A shop for bicycles.' });
    expect(out).toContain('This option needs an answer.');
  });
});
