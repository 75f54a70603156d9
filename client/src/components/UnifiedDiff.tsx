/** The class of one line of a unified diff; the file header is only ever its first two lines. */
function lineClass(line: string, index: number): string {
  if (index < 2 && (line.startsWith('--- ') || line.startsWith('+++ '))) return 'diff-file';
  if (line.startsWith('@@')) return 'diff-hunk';
  if (line.startsWith('+')) return 'diff-add';
  if (line.startsWith('-')) return 'diff-del';
  if (line.startsWith('\\')) return 'diff-note';
  return 'diff-context';
}

/** A unified diff as the server made it, one line per row, coloured by its sign; the signs stay, so it reads without colour too. */
export function UnifiedDiff({ diff, label }: { diff: string; label: string }) {
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    <pre className="diff" tabIndex={0} aria-label={label}>
      <code>
        {lines.map((line, i) => (
          // A block of its own, so its colour spans the width; the block ends the line, so no newline.
          <span key={i} className={`diff-line ${lineClass(line, i)}`}>
            {line}
          </span>
        ))}
      </code>
    </pre>
  );
}
