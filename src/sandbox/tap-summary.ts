export interface TapSummary {
  passed: number;
  failed: number;
  skipped: number;
  tests: { name: string; ok: boolean }[];
}

interface TapResult {
  name: string;
  ok: boolean;
  skipped: boolean;
  suite: boolean;
}

const RESULT = /^\s*(not )?ok \d+ - (.*?)(?: # (SKIP|TODO)\b.*)?$/;

/** Every `ok` / `not ok` line, with whether node:test's YAML block under it marks it as a suite (describe). */
function results(output: string): TapResult[] {
  const lines = output.split('\n');
  const found: TapResult[] = [];
  for (const [i, line] of lines.entries()) {
    const match = RESULT.exec(line);
    if (!match) continue;
    let suite = false;
    for (let j = i + 1; j < lines.length && j < i + 40; j++) {
      const next = lines[j].trim();
      if (next === '...' || RESULT.test(lines[j])) break;
      if (next === "type: 'suite'") suite = true;
    }
    found.push({ name: match[2].trim(), ok: !match[1], skipped: Boolean(match[3]), suite });
  }
  return found;
}

/**
 * Counts from node:test's TAP output: the closing `# pass`, `# fail`… lines when the run got that far,
 * otherwise the test lines it printed before it was killed. Suites are not tests and are left out.
 */
export function summarizeTap(output: string): TapSummary {
  const tests = results(output).filter((r) => !r.suite);
  const count = (label: string) => {
    const found = [...output.matchAll(new RegExp(`^# ${label} (\\d+)$`, 'gm'))].pop();
    return found ? Number(found[1]) : null;
  };
  const pass = count('pass');
  const fail = count('fail');
  const cancelled = count('cancelled') ?? 0;
  const skipped = (count('skipped') ?? 0) + (count('todo') ?? 0);
  const summary =
    pass !== null && fail !== null
      ? { passed: pass, failed: fail + cancelled, skipped }
      : {
          passed: tests.filter((t) => t.ok && !t.skipped).length,
          failed: tests.filter((t) => !t.ok).length,
          skipped: tests.filter((t) => t.skipped).length,
        };
  return { ...summary, tests: tests.map(({ name, ok }) => ({ name, ok })) };
}
