import { summarizeTap } from '../../src/sandbox/tap-summary';

describe('TAP summary', () => {
  it('reads the closing counts and every test by name, leaving suites out', () => {
    const tap = [
      'TAP version 13', '# Subtest: store', '    ok 1 - S1.AC1 creates a product', '      ---', '      duration_ms: 1', '      ...',
      '    not ok 2 - S1.AC2 refuses an empty name', 'not ok 1 - store', '  ---', "  type: 'suite'", '  ...',
      'ok 2 - S2.AC1 lists # SKIP not yet', '1..2', '# tests 3', '# pass 1', '# fail 1', '# cancelled 0', '# skipped 1', '# todo 0',
    ].join('\n');
    expect(summarizeTap(tap)).toEqual({
      passed: 1,
      failed: 1,
      skipped: 1,
      tests: [
        { name: 'S1.AC1 creates a product', ok: true },
        { name: 'S1.AC2 refuses an empty name', ok: false },
        { name: 'S2.AC1 lists', ok: true },
      ],
    });
  });

  it('counts the test lines of a run that was killed before its summary', () => {
    expect(summarizeTap('ok 1 - a\nok 2 - b\nnot ok 3 - c\n')).toMatchObject({ passed: 2, failed: 1, skipped: 0 });
  });

  it('counts cancelled tests as failed', () => {
    expect(summarizeTap('# pass 2\n# fail 0\n# cancelled 1\n')).toMatchObject({ passed: 2, failed: 1 });
  });
});
