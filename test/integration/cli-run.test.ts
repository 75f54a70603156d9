import { writeFileSync } from 'node:fs';
import { runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

describe('npx botarmy run', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());
  const env = { BOTARMY_DATA_DIR: dir.path, LLM_PROVIDER: 'offline', BOTARMY_PROOF: 'on', BOTARMY_MUTATION_BUDGET_MS: '120000' };

  // Requirements without a business rule, which the offline team leaves open on purpose: every criterion can be proven.
  it('runs a project headless, printing its id first and a line per agent step, and exits 0', async () => {
    // A bullet list pasted as it is: its leading dash is text, not an option.
    const { code, stdout } = await runCli(['run', '--name', 'Polls', '- Users can create polls with several options\n- Anyone with the link can vote on a poll'], env);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^project: [0-9A-Z]{26}$/);
    for (const agent of ['analyst', 'architect', 'developer', 'tester']) {
      expect(stdout).toMatch(new RegExp(`\\d+\\.\\ds  ${agent}\\s+thinking \\(attempt 1\\)`));
      expect(stdout).toMatch(new RegExp(`${agent}\\s+done: .*tokens so far`));
    }
    expect(stdout).toMatch(/project\s+completed in [\d.]+s, \d+ tokens/);
    // After the tests, a mutation run within the default budget of a minute proved every criterion.
    expect(stdout).toMatch(/proof: (\d+) of \1 criteria proven/);
    expect(code).toBe(0);
  }, 180_000);

  it('exits 2 when the team needs a person and nobody can answer', async () => {
    const { code, stdout } = await runCli(['run', 'fix the thing we talked about'], env);
    expect(stdout).toMatch(/needs a person/);
    expect(stdout).toMatch(/action id [0-9A-Z]{26}/);
    expect(code).toBe(2);
  });

  it('reads the requirements from a file, and refuses text and a file together', async () => {
    const file = `${dir.path}/vague.txt`;
    writeFileSync(file, 'fix the thing we talked about\n');
    const fromFile = await runCli(['run', '--file', file], env);
    expect(fromFile.stdout).toMatch(/needs a person/);
    expect(fromFile.code).toBe(2);
    const both = await runCli(['run', 'A polls app', '--file', file], env);
    expect(both.stderr).toMatch(/give the requirements as text or with --file, not both/);
    expect(both.code).toBe(1);
  });

  it('refuses empty requirements with a clear error', async () => {
    const { code, stderr } = await runCli(['run', '   '], env);
    expect(stderr).toMatch(/requirements must not be empty/);
    expect(code).toBe(1);
  });

  it('runs a change to a project that ended as its next round, and refuses one to a project that does not exist', async () => {
    const quick = { ...env, BOTARMY_PROOF: 'off' };
    const first = await runCli(['run', 'A seed swap: gardeners add seeds with a name and a sowing month, and other gardeners list seeds and find one by id.'], quick);
    expect(first.code).toBe(0);
    const projectId = /^project: (\S+)$/m.exec(first.stdout)![1];
    const { code, stdout } = await runCli(['change', projectId, 'Gardeners also add swap meetings with a date and a place, and list swap meetings.'], quick);
    expect(stdout).toMatch(new RegExp(`^project: ${projectId}$`, 'm'));
    expect(stdout).toMatch(/analyst\s+thinking \(attempt 2\)/);
    expect(stdout).toMatch(/project\s+completed in/);
    expect(code).toBe(0);
    const again = await runCli(['change', projectId, '   '], quick);
    expect(again.stderr).toMatch(/the change must not be empty/);
    const missing = await runCli(['change', 'NO-SUCH-PROJECT', 'add a search'], quick);
    expect(missing.stderr).toMatch(/project not found/);
    expect(missing.code).toBe(1);
  }, 120_000);
});
