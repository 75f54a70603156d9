import { protectTextArguments } from '../../src/cli/text-arguments';

describe('a pasted requirements text is an argument, not an option', () => {
  it('passes a text that starts with a dash after "--", and leaves options and plain words alone', () => {
    expect(protectTextArguments(['node', 'botarmy', 'run', '-n', 'Polls', '- Users vote\n- Admins close polls'])).toEqual([
      'node',
      'botarmy',
      'run',
      '-n',
      'Polls',
      '--',
      '- Users vote\n- Admins close polls',
    ]);
    expect(protectTextArguments(['node', 'botarmy', 'events', 'abc', '--type', 'ProjectCreated'])).toEqual(['node', 'botarmy', 'events', 'abc', '--type', 'ProjectCreated']);
  });

  it('leaves what comes after "--" as it is', () => {
    expect(protectTextArguments(['node', 'botarmy', 'run', '--', '- a list'])).toEqual(['node', 'botarmy', 'run', '--', '- a list']);
  });
});
