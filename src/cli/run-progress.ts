import { agentNamed } from '../domain/agents/pipeline';
import type { AnyStoredEvent } from '../events/envelope';
import type { Coverage } from '../projections/coverage-projection';

/** One line per agent step for a terminal: elapsed time, who, what happened, tokens so far. */
export function progressLine(event: AnyStoredEvent, elapsedMs: number, tokens: number): string | null {
  const time = `${(elapsedMs / 1000).toFixed(1).padStart(6)}s`;
  const line = (who: string, text: string) => `${time}  ${who.padEnd(10)} ${text}`;
  switch (event.type) {
    case 'AgentStepStarted':
      return line(event.data.agent, `thinking (attempt ${event.data.attempt}${event.data.guidance.length ? ', with guidance' : ''})`);
    case 'LlmCallFailed':
      return line(event.data.agent, `call failed: ${event.data.errorClass}${event.data.retryable ? ', retrying' : ''}`);
    case 'AgentOutputRejected':
      return line(event.data.agent, `attempt ${event.data.attempt} rejected: ${event.data.errors.slice(0, 2).join('; ')}`);
    case 'AgentOutputAccepted': {
      const summary = agentNamed(event.data.agent).summarize(event.data.output);
      return line(event.data.agent, `done: ${summary} (confidence ${Math.round(event.data.confidence * 100)}%, ${tokens} tokens so far)`);
    }
    case 'TestRunStarted':
      return line('tests', `running the tests (round ${event.data.round})`);
    case 'TestRunCompleted':
      return line(
        'tests',
        `${event.data.passed} passed, ${event.data.failed} failed, ${event.data.skipped} skipped in ${(event.data.durationMs / 1000).toFixed(1)}s` +
          (event.data.timedOut ? ' (stopped at the time limit)' : ''),
      );
    case 'MutationRunStarted':
      return line('mutants', `changing the code to see whether the tests notice (round ${event.data.round})`);
    case 'MutationRunCompleted':
      return line(
        'mutants',
        event.data.error
          ? `could not run: ${event.data.error}`
          : `${event.data.killed + event.data.timedOut} of ${event.data.created} caught, ${event.data.survived} survived in ${(event.data.durationMs / 1000).toFixed(1)}s` +
              (event.data.budgetExceeded ? ' (stopped at the time budget)' : ''),
      );
    case 'ArtifactRejected':
      return line(event.data.agent, `file refused: ${event.data.path}: ${event.data.reason}`);
    case 'ActionRequested':
      return line(event.data.agent ?? 'team', `needs a person: ${event.data.title}`);
    case 'ActionResolved':
      return line('person', `answered: ${event.data.optionId ?? ''}${event.data.response ? ` "${event.data.response}"` : ''}`);
    case 'ProjectCompleted':
      return line('project', `completed in ${(elapsedMs / 1000).toFixed(1)}s, ${tokens} tokens`);
    case 'ProjectCancelled':
      return line('project', `cancelled: ${event.data.reason}`);
    case 'ProjectFailed':
      return line('project', `failed: ${event.data.reason}`);
    default:
      return null;
  }
}

/** What a run ends with: each criterion that is not proven with its status, then the summary line. */
export function proofLines(coverage: Coverage): string[] {
  const open = coverage.stories.flatMap((s) => s.criteria).filter((c) => c.status !== 'proven');
  const width = Math.max(0, ...open.map((c) => c.criterionId.length));
  const listed = open.map(
    (c) => `  ${c.criterionId.padEnd(width)}  ${c.status.padEnd(8)}  ${c.text}${c.acceptedWith !== null ? ` (accepted: "${c.acceptedWith}")` : ''}`,
  );
  return [...(open.length ? ['not proven:', ...listed] : []), `proof: ${coverage.summary}`];
}
