import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { formatBytes } from '../format';
import { ARTIFACT_QUERY } from '../queries';
import type { Artifact, ArtifactVersion } from '../types';
import { ErrorNotice } from './ErrorNotice';
import { FileEditor } from './FileEditor';
import { RelativeTime } from './RelativeTime';

/** Lines past this are not numbered one by one (the text is still all there). */
const NUMBERED_LINES = 5000;

/** A line to mark and scroll to; `request` changes when the same line is asked for again. */
export interface MarkedLine {
  line: number;
  request: number;
}

/**
 * The selected file's code: monospace, scrollable both ways, numbered lines. Follows the latest version
 * unless an older one is picked. A version's content never changes, so it is fetched once (cache-first).
 * `marked` (from the Stories view: a test, a function, a mutant) is highlighted and scrolled into view.
 */
interface CodeViewProps {
  projectId: string;
  artifact: Artifact;
  marked?: MarkedLine | null;
  /** A person may write the file by hand now (the team is not working). */
  editable?: boolean;
}

export function CodeView({ projectId, artifact, marked, editable = false }: CodeViewProps) {
  const [pinned, setPinned] = useState<number | null>(null);
  const [editing, setEditing] = useState(false);
  const version = pinned !== null && pinned <= artifact.version ? pinned : artifact.version;
  const [{ data, error, fetching }, reexecute] = useQuery<{ artifact: ArtifactVersion }>({
    query: ARTIFACT_QUERY,
    variables: { projectId, path: artifact.path, version },
    requestPolicy: 'cache-first',
  });
  const file = data?.artifact && data.artifact.path === artifact.path && data.artifact.version === version ? data.artifact : null;
  const id = useId();
  const lines = useMemo(() => (file ? splitLines(file.content) : []), [file]);
  const markedLine = marked && marked.line >= 1 && marked.line <= Math.min(lines.length, NUMBERED_LINES) ? marked.line : null;
  const pre = useRef<HTMLPreElement>(null);
  const markedRef = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const box = pre.current;
    const line = markedRef.current;
    if (!box || !line) return;
    // Within the code's own scroll box only, a third of the way down: the page itself stays where it is.
    box.scrollTop += line.getBoundingClientRect().top - box.getBoundingClientRect().top - box.clientHeight / 3;
  }, [markedLine, marked?.request, file]);

  return (
    <section className="code-view" aria-labelledby={`${id}-path`}>
      <header className="code-head">
        <h3 id={`${id}-path`} className="code-path">
          {artifact.path}
        </h3>
        <div className="code-meta">
          {artifact.version > 1 ? (
            <label className="inline-field">
              <span>Version</span>
              <select value={version} onChange={(e) => setPinned(Number(e.target.value) === artifact.version ? null : Number(e.target.value))}>
                {Array.from({ length: artifact.version }, (_, i) => artifact.version - i).map((v) => (
                  <option key={v} value={v}>
                    {v}
                    {v === artifact.version ? ' (latest)' : ''}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <span className="chip code-version">v{version}</span>
          )}
          <span className="code-size">{formatBytes(file?.size ?? artifact.size)}</span>
          <span className="muted">
            by the {file?.agent ?? artifact.agent}, <RelativeTime iso={file?.createdAt ?? artifact.updatedAt} />
          </span>
          {editable && file && version === artifact.version && !editing && (
            <button type="button" className="button button-small" onClick={() => setEditing(true)}>
              Edit by hand
            </button>
          )}
        </div>
      </header>
      {editing && file && <FileEditor projectId={projectId} path={artifact.path} content={file.content} onDone={() => setEditing(false)} />}
      <ErrorNotice error={error} title="The file could not be loaded" onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
      {!file && fetching && <p className="muted loading">Loading {artifact.path}…</p>}
      {file &&
        (file.content === '' ? (
          <p className="empty">This file is empty.</p>
        ) : (
          <pre
            ref={pre}
            className="code"
            tabIndex={0}
            aria-label={`Code of ${artifact.path}, version ${file.version}${markedLine ? `, line ${markedLine} marked` : ''}`}
          >
            <code>
              {lines.slice(0, NUMBERED_LINES).map((line, i) =>
                i + 1 === markedLine ? (
                  // A block of its own, so the mark spans the width; the block ends the line, so no newline.
                  <span key={i} ref={markedRef} className="code-line code-line-marked" data-line={i + 1}>
                    {line}
                  </span>
                ) : (
                  <span key={i} className="code-line">
                    {line}
                    {'\n'}
                  </span>
                ),
              )}
              {lines.length > NUMBERED_LINES && lines.slice(NUMBERED_LINES).join('\n')}
            </code>
          </pre>
        ))}
    </section>
  );
}

function splitLines(content: string): string[] {
  const lines = content.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
