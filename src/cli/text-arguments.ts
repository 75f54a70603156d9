/**
 * A requirements text pasted as one argument may start with a dash ("- Restaurant table reservations…"), which a
 * command-line parser takes for an option. An argument that starts with a dash and holds a space or a line break is
 * text, not an option: it is passed after "--", which ends the options.
 */
export function protectTextArguments(argv: readonly string[]): string[] {
  const ended = argv.indexOf('--');
  return argv.flatMap((arg, i) => (arg.startsWith('-') && /\s/.test(arg) && (ended < 0 || i < ended) ? ['--', arg] : [arg]));
}
