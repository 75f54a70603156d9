import type { Divergence } from './divergence';

const CAUSES: Record<Divergence['cause'], string> = {
  prompt_changed: 'prompt changed',
  schema_changed: 'schema changed',
  workflow_changed: 'workflow changed',
  answer_missing: 'recorded answer missing',
};

/** A divergence as text for a terminal: where, why, and every differing value whole or as a unified diff. */
export function divergenceReport(d: Divergence, compared: number): string {
  const lines = [
    `divergence at version ${d.version} (after ${compared} identical events)`,
    ...(d.step ? [`step: ${d.step.agent} ${d.step.stepId}`] : []),
    `likely cause: ${CAUSES[d.cause]}. ${d.explanation}`,
    `recorded: ${d.expected?.type ?? '(nothing)'}; today: ${d.actual?.type ?? '(nothing)'}`,
    `differing: ${d.fields.join(', ')}`,
  ];
  for (const x of d.differences) {
    lines.push('', `${x.path}:`);
    if (x.diff) lines.push(x.diff.trimEnd());
    else lines.push(`  recorded: ${JSON.stringify(x.expected)}`, `  today:    ${JSON.stringify(x.actual)}`);
  }
  return lines.join('\n') + '\n';
}
