import { useId, useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { formatBytes } from '../format';
import { ARTIFACT_QUERY } from '../queries';
import type { Artifact, ArtifactVersion } from '../types';
import { ErrorNotice } from './ErrorNotice';
import { RelativeTime } from './RelativeTime';

/** Lines past this are not numbered one by one (the text is still all there). */
const NUMBERED_LINES = 5000;

/**
 * The selected file's code: monospace, scrollable both ways, numbered lines. Follows the latest version
 * unless an older one is picked. A version's content never changes, so it is fetched once (cache-first).
 */
export function CodeView({ projectId, artifact }: { projectId: string; artifact: Artifact }) {
  const [pinned, setPinned] = useState<number | null>(null);
  const version = pinned !== null && pinned <= artifact.version ? pinned : artifact.version;
  const [{ data, error, fetching }, reexecute] = useQuery<{ artifact: ArtifactVersion }>({
    query: ARTIFACT_QUERY,
    variables: { projectId, path: artifact.path, version },
    requestPolicy: 'cache-first',
  });
  const file = data?.artifact && data.artifact.path === artifact.path && data.artifact.version === version ? data.artifact : null;
  const id = useId();
  const lines = useMemo(() => (file ? splitLines(file.content) : []), [file]);

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
        </div>
      </header>
      <ErrorNotice error={error} title="The file could not be loaded" onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
      {!file && fetching && <p className="muted loading">Loading {artifact.path}…</p>}
      {file &&
        (file.content === '' ? (
          <p className="empty">This file is empty.</p>
        ) : (
          <pre className="code" tabIndex={0} aria-label={`Code of ${artifact.path}, version ${file.version}`}>
            <code>
              {lines.slice(0, NUMBERED_LINES).map((line, i) => (
                <span key={i} className="code-line">
                  {line}
                  {'\n'}
                </span>
              ))}
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
