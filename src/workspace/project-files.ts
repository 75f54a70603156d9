/** Files under a test folder or named like tests. */
const TEST_FILE = /(^|\/)(test|tests|__tests__)\/|[._-](test|spec)\.[cm]?js$/;
const SCRIPT = /\.[cm]?js$/;

type ProjectFile = { path: string; agent: string };

/** The tests a run loads: the tester's test files, or all of its scripts when none is named like a test. */
export function testFilesOf(files: readonly ProjectFile[]): string[] {
  const scripts = files.filter((f) => f.agent === 'tester' && SCRIPT.test(f.path)).map((f) => f.path);
  const tests = scripts.filter((p) => TEST_FILE.test(p));
  return tests.length ? tests : scripts;
}

/**
 * What a mutation run works on: the developer's JavaScript (not tests, not package.json or docs) is mutated,
 * and the same tests a test run loads run against it.
 */
export function mutationTargets(files: readonly ProjectFile[]): { mutate: string[]; tests: string[] } {
  const mutate = files.filter((f) => f.agent === 'developer' && SCRIPT.test(f.path) && !TEST_FILE.test(f.path)).map((f) => f.path);
  return { mutate, tests: testFilesOf(files) };
}
