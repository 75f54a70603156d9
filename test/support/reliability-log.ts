import { appendFileSync } from 'node:fs';

/**
 * What a reliability test measured (attacks tried, kills survived, events checked, memory), appended as one JSON
 * line to the file `BOTARMY_RELIABILITY_OUT` names. `npm run reliability` sets it and renders docs/reliability.md
 * from the lines, so the document states what was measured, not what someone typed.
 */
export function recordReliability(suite: string, check: string, facts: Record<string, string | number | boolean>): void {
  const out = process.env.BOTARMY_RELIABILITY_OUT;
  if (!out) return;
  appendFileSync(out, `${JSON.stringify({ suite, check, facts, at: new Date().toISOString() })}\n`);
}
