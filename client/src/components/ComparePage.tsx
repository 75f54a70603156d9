import { useEffect, useId } from 'react';
import { useQuery } from 'urql';
import '../compare.css';
import { hasErrorCode, parseApiError } from '../errors';
import { agentLabel, formatDuration, formatNumber } from '../format';
import { projectHref, projectsHref } from '../hooks/useHashRoute';
import { COMPARE_PROJECTS_QUERY } from '../queries';
import type { ComparedProject, ProjectComparison } from '../types';
import { ChangeBadge, FileHead, changeCounts } from './ChangeBadge';
import { DiffDetails } from './DiffDetails';
import { ErrorNotice } from './ErrorNotice';
import { PageHeading } from './PageHeading';
import { Panel } from './Panel';
import { StatusBadge } from './StatusBadge';

/** Past this many diff lines in all, the file diffs start closed (each renders when opened). */
const OPEN_DIFF_LINES = 3000;

/**
 * Two projects side by side — typically a fork (b) and its origin (a): who they are and what they cost, where their
 * logs part, then the stories, the design, every file as a unified diff and the tests. Read once; "Refresh" reads again
 * while either is still running.
 */
export function ComparePage({ a, b }: { a: string; b: string }) {
  const [{ data, error, fetching }, reexecute] = useQuery<{ compareProjects: ProjectComparison }>({
    query: COMPARE_PROJECTS_QUERY,
    variables: { a, b },
    requestPolicy: 'cache-and-network',
  });
  const comparison = data?.compareProjects;
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  useEffect(() => {
    document.title = comparison ? `${comparison.a.project.name} and ${comparison.b.project.name} · BotArmy` : 'Compare · BotArmy';
  }, [comparison]);

  if (!comparison) {
    return (
      <div className="page">
        <p className="breadcrumb">
          <a href={projectsHref}>← All projects</a>
        </p>
        {hasErrorCode(error, 'NOT_FOUND') ? (
          <>
            <PageHeading>Project not found</PageHeading>
            <p>{parseApiError(error).general[0]}</p>
          </>
        ) : error ? (
          <ErrorNotice error={error} title="The comparison could not be loaded" onRetry={refresh} />
        ) : (
          fetching && <p className="muted loading">Comparing the projects…</p>
        )}
      </div>
    );
  }

  const diffLines = comparison.files.reduce((n, f) => n + f.diff.split('\n').length, 0);
  return (
    <div className="page compare-page">
      <p className="breadcrumb">
        <a href={projectsHref}>← All projects</a>
      </p>
      <div className="compare-title">
        <PageHeading>Compare projects</PageHeading>
        <button type="button" className="button button-small" onClick={refresh} disabled={fetching}>
          {fetching ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <ErrorNotice error={error} title="The comparison could not be refreshed" onRetry={refresh} />
      <div className="compare-sides">
        <SideCard label="A" side={comparison.a} other={comparison.b} />
        <SideCard label="B" side={comparison.b} other={comparison.a} />
      </div>

      <Panel id="parting" title="Where the logs part">
        {comparison.parting ? (
          <p>
            At version <strong>{comparison.parting.version}</strong>: A has <code>{comparison.parting.a?.type ?? 'nothing (its log has ended)'}</code>, B
            has <code>{comparison.parting.b?.type ?? 'nothing (its log has ended)'}</code>
            {comparison.parting.fields[0] === 'type' ? '.' : <>, differing in {comparison.parting.fields.join(', ')}.</>} Every
            event before it is the same in both, ids and timings aside.
          </p>
        ) : (
          <p>The two logs hold the same events, version by version.</p>
        )}
      </Panel>

      <Panel id="compare-stories" title="Stories" meta={changeCounts(comparison.stories)}>
        {comparison.stories.length === 0 ? (
          <p className="empty">Neither project has user stories yet.</p>
        ) : (
          <ul className="compare-list">
            {comparison.stories.map((story) => (
              <li key={story.id} className="compare-story" data-story={story.id} data-status={story.status}>
                <div className="compare-item-head">
                  <strong>{story.id}</strong>
                  <ChangeBadge status={story.status} />
                </div>
                <div className="compare-pair">
                  <p>
                    <span className="compare-side-tag">A</span> {story.titleA ?? <span className="muted">—</span>}
                  </p>
                  <p>
                    <span className="compare-side-tag">B</span> {story.titleB ?? <span className="muted">—</span>}
                  </p>
                </div>
                {story.diff && <DiffDetails summary="Show the change" diff={story.diff} label={`Changes to story ${story.id}`} />}
              </li>
            ))}
          </ul>
        )}
      </Panel>

      <Panel id="compare-design" title="Design" meta={<ChangeBadge status={comparison.design.status} />}>
        {comparison.design.diff ? (
          <DiffDetails summary="Show the change to the architect’s design" diff={comparison.design.diff} label="Changes to the design" />
        ) : (
          <p className="muted">{comparison.design.status === 'UNCHANGED' ? 'The same in both.' : ''}</p>
        )}
      </Panel>

      <Panel id="compare-files" title="Files" meta={changeCounts(comparison.files)}>
        {comparison.files.length === 0 ? (
          <p className="empty">Neither project has written a file yet.</p>
        ) : (
          <ul className="compare-list">
            {comparison.files.map((file) => (
              <li key={file.path} className="compare-file" data-path={file.path} data-status={file.status}>
                {file.diff ? (
                  <DiffDetails
                    summary={<FileHead path={file.path} status={file.status} />}
                    diff={file.diff}
                    label={`Changes to ${file.path}`}
                    initiallyOpen={diffLines <= OPEN_DIFF_LINES}
                  />
                ) : (
                  <FileHead path={file.path} status={file.status} />
                )}
              </li>
            ))}
          </ul>
        )}
      </Panel>

      <Panel id="compare-tests" title="Tests" meta={`A: ${testSummary(comparison.a)} · B: ${testSummary(comparison.b)}`}>
        {comparison.tests.length === 0 ? (
          <p className="empty">Neither project has run its tests yet.</p>
        ) : (
          <table className="compare-table">
            <caption className="visually-hidden">Each test in the latest run of A and of B</caption>
            <thead>
              <tr>
                <th scope="col">Test</th>
                <th scope="col">A</th>
                <th scope="col">B</th>
              </tr>
            </thead>
            <tbody>
              {comparison.tests.map((test) => (
                <tr key={test.name}>
                  <th scope="row" className="test-name">
                    {test.name}
                  </th>
                  <td>
                    <Outcome ok={test.okA} />
                  </td>
                  <td>
                    <Outcome ok={test.okB} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </div>
  );
}

function SideCard({ label, side, other }: { label: string; side: ComparedProject; other: ComparedProject }) {
  const id = useId();
  const { project, usage } = side;
  const role =
    project.forkedFrom?.projectId === other.project.id
      ? `fork at v${project.forkedFrom.atVersion}`
      : other.project.forkedFrom?.projectId === project.id
        ? 'origin'
        : null;
  return (
    <section className="panel compare-side" aria-labelledby={`${id}-name`} data-side={label}>
      <p className="compare-side-label">
        {label}
        {role && ` · ${role}`}
      </p>
      <div className="compare-side-title">
        <h2 id={`${id}-name`}>
          <a href={projectHref(project.id)}>{project.name}</a>
        </h2>
        <StatusBadge status={project.status} />
      </div>
      <dl className="project-facts">
        <div>
          <dt>Version</dt>
          <dd>{project.version}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd title={`${formatNumber(usage.promptTokens)} prompt + ${formatNumber(usage.completionTokens)} completion`}>{formatNumber(usage.totalTokens)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd title="From the first event to the last; a fork's first events are its origin's">{formatDuration(side.durationMs)}</dd>
        </div>
        <div>
          <dt>Tests</dt>
          <dd>{testSummary(side)}</dd>
        </div>
      </dl>
      <table className="compare-table">
        <caption className="visually-hidden">Tokens per agent in {project.name}</caption>
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col" className="num">
              Prompt
            </th>
            <th scope="col" className="num">
              Output
            </th>
            <th scope="col" className="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {usage.byAgent.map((agent) => (
            <tr key={agent.agent}>
              <th scope="row">{agentLabel(agent.agent)}</th>
              <td className="num">{formatNumber(agent.promptTokens)}</td>
              <td className="num">{formatNumber(agent.completionTokens)}</td>
              <td className="num">{formatNumber(agent.totalTokens)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Outcome({ ok }: { ok: boolean | null }) {
  if (ok === null) return <span className="muted">not run</span>;
  return <span className={ok ? 'test-ok' : 'test-fail'}>{ok ? '✓ ok' : '✗ fail'}</span>;
}

function testSummary(side: ComparedProject): string {
  const run = side.lastTestRun;
  return run ? `${run.passed ?? 0} passed, ${run.failed ?? 0} failed` : 'not run yet';
}
