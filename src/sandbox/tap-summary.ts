export interface TapSummary {
  passed: number;
  failed: number;
  skipped: number;
  tests: { name: string; ok: boolean }[];
}

/**
 * Counts from node:test's TAP output: the closing `# pass`, `# fail`… lines when the run got that far,
 * otherwise the `ok` / `not ok` lines it printed before it was killed.
 */
export function summarizeTap(output: string): TapSummary {
  const tests: { name: string; ok: boolean; skipped: boolean }[] = [];
  for (const match of output.matchAll(/^\s*(not )?ok \d+ - (.*?)(?: # (SKIP|TODO)\b.*)?$/gm)) {
    tests.push({ name: match[2].trim(), ok: !match[1], skipped: Boolean(match[3]) });
  }
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
