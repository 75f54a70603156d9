/** Files under a test folder or named like tests; the same rule TestStepRunner picks the tests to run by. */
const TEST_FILE = /(^|\/)(test|tests|__tests__)\/|[._-](test|spec)\.[cm]?js$/;
const SCRIPT = /\.[cm]?js$/;

/**
 * What a mutation run works on: the developer's JavaScript (not tests, not package.json or docs) is mutated,
 * and the tester's tests run against it, chosen as TestStepRunner chooses them so both runs see the same tests.
 */
export function mutationTargets(files: readonly { path: string; agent: string }[]): { mutate: string[]; tests: string[] } {
  const scripts = files.filter((f) => f.agent === 'tester' && SCRIPT.test(f.path)).map((f) => f.path);
  const tests = scripts.filter((p) => TEST_FILE.test(p));
  const mutate = files.filter((f) => f.agent === 'developer' && SCRIPT.test(f.path) && !TEST_FILE.test(f.path)).map((f) => f.path);
  return { mutate, tests: tests.length ? tests : scripts };
}
