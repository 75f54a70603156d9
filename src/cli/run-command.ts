import { createInterface } from 'node:readline/promises';
import type { AnyStoredEvent, StoredEvent } from '../events/envelope';
import { coverageOf } from '../projections/coverage-projection';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { answerAtTerminal } from './action-dialogue';
import { progressLine, proofLines } from './run-progress';

/** A new project from requirements, or the next round of one that ended, from a change a person asks for. */
export type HeadlessWork = { requirements: string; name?: string } | { projectId: string; change: string };

/** Exit codes: 0 completed, 1 failed or cancelled, 2 waiting for a person with no way to ask one. */
export async function runHeadless(work: HeadlessWork): Promise<number> {
  const config = loadConfig();
  const app = await createApp(config, { logger: createLogger(process.env.LOG_LEVEL ?? 'warn', 2) });
  const out = (text: string) => process.stdout.write(`${text}\n`);
  const started = Date.now();
  const projectId = 'projectId' in work ? work.projectId : app.services.commands.newId();
  let tokens = 0;
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);

  const outcome = new Promise<number>((resolve) => {
    app.bus.subscribe((stored) => {
      if (stored.streamId !== projectId) return;
      const event = stored as AnyStoredEvent;
      if (event.type === 'LlmCallCompleted') tokens += event.data.promptTokens + event.data.completionTokens;
      const line = progressLine(event, Date.now() - started, tokens);
      if (line) out(line);
      if (event.type === 'ProjectCompleted') resolve(0);
      if (event.type === 'ProjectCancelled' || event.type === 'ProjectFailed') resolve(1);
      if (event.type === 'ActionRequested') {
        if (!interactive) {
          out(`\nThe team needs a person: ${event.data.title}\n${event.data.description}`);
          out(`Answer it in the dashboard (npx botarmy serve) or with the respondToAction mutation, action id ${event.data.actionId}.`);
          resolve(2);
        } else {
          void ask(app, projectId, event as StoredEvent<'ActionRequested'>, out);
        }
      }
    });
  });

  out(`project: ${projectId}`);
  out(`provider: ${app.provider.name} (${app.provider.model})`);
  try {
    if ('change' in work) {
      await app.services.commands.execute(projectId, { type: 'RequestChange', text: work.change }, { actor: 'cli', correlationId: projectId });
    } else {
      const name = work.name?.trim() || work.requirements.trim().split(/\s+/).slice(0, 6).join(' ').slice(0, 200);
      const { requirements } = work;
      await app.services.commands.execute(projectId, { type: 'CreateProject', projectId, name, requirements, settings: { proof: app.services.proofDefaults } }, { actor: 'cli', correlationId: projectId });
    }
  } catch (error) {
    await app.close();
    throw error;
  }
  await app.startWorkflow({ only: projectId });
  const code = await outcome;
  const [lastRun] = (await app.services.queries.testRuns(projectId)).slice(-1);
  if (lastRun) {
    out(`workspace: ${app.workspaces.pathOf(projectId)}`);
    out(`tests: ${lastRun.passed ?? 0} passed, ${lastRun.failed ?? 0} failed, ${lastRun.skipped ?? 0} skipped`);
  }
  const coverage = await app.services.queries.coverage(projectId);
  if (coverage) proofLines(coverageOf(coverage)).forEach(out);
  await app.close();
  return code;
}

async function ask(app: Awaited<ReturnType<typeof createApp>>, projectId: string, action: StoredEvent<'ActionRequested'>, out: (t: string) => void) {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await answerAtTerminal(action.data, (prompt) => rl.question(prompt), out).finally(() => rl.close());
  await app.services.commands.execute(projectId, { type: 'RespondToAction', actionId: action.data.actionId, ...answer }, { actor: 'cli' });
}
