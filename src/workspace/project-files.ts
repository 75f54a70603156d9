import { gives } from '../domain/agents/pipeline';

/** Files under a test folder or named like tests. */
const TEST_FILE = /(^|\/)(test|tests|__tests__)\/|[._-](test|spec)\.[cm]?js$/;
const SCRIPT = /\.[cm]?js$/;

type ProjectFile = { path: string; agent: string };

/** The tests a run loads: the test files of the agent that gives the tests, or all of its scripts when none is named like a test. */
export function testFilesOf(files: readonly ProjectFile[]): string[] {
  const scripts = files.filter((f) => gives(f.agent, 'tests') && SCRIPT.test(f.path)).map((f) => f.path);
  const tests = scripts.filter((p) => TEST_FILE.test(p));
  return tests.length ? tests : scripts;
}

/**
 * What a mutation run works on: the implementation's JavaScript (not tests, not package.json or docs) is mutated,
 * and the same tests a test run loads run against it. With a focus (the files the criteria live in), only those of
 * them are: a criterion is proven by mutants of its own code, and the budget is not spent on shared plumbing.
 */
export function mutationTargets(files: readonly ProjectFile[], focus: readonly string[] = []): { mutate: string[]; tests: string[] } {
  const scripts = files.filter((f) => gives(f.agent, 'implementation') && SCRIPT.test(f.path) && !TEST_FILE.test(f.path)).map((f) => f.path);
  const focused = scripts.filter((p) => focus.includes(p));
  return { mutate: focused.length > 0 ? focused : scripts, tests: testFilesOf(files) };
}
