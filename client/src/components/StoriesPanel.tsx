import { memo, useId, useState } from 'react';
import type { CombinedError } from 'urql';
import { criterionStatusInfo, testOutput } from '../coverage';
import type { CodeLocations, FileLine } from '../hooks/useCodeLocations';
import type { Coverage, CriterionCoverage, CriterionStatus, Mutant, ProjectStatus, TestRun } from '../types';
import { CRITERION_STATUSES } from '../types';
import { ErrorNotice } from './ErrorNotice';
import { Panel } from './Panel';

interface StoriesPanelProps {
  projectStatus: ProjectStatus;
  /** undefined: not read yet; null: the server has no coverage for the project (no stories yet). */
  coverage: Coverage | null | undefined;
  error: CombinedError | undefined;
  onRetry(): void;
  /** The run whose results the statuses come from: its output is shown per test. */
  latestRun: TestRun | undefined;
  locations: CodeLocations;
  onOpenFile(path: string, line: number | null): void;
  onShowTestRuns(): void;
}

type Filter = 'all' | 'open';

/** Surviving mutants shown at once per criterion; the rest fold away (a cut-short run can leave dozens). */
const MUTANTS_SHOWN = 3;

/** True for a criterion a person should look at: anything neither proven nor accepted. */
function isOpen(c: CriterionCoverage): boolean {
  return c.status !== 'PROVEN' && c.status !== 'ACCEPTED';
}

/**
 * The user stories with their acceptance criteria, each criterion's proof: its status (a colour, a mark and
 * a word), the tests that cite it, where it is implemented, the mutants no test caught, a person's words.
 */
export function StoriesPanel({ projectStatus, coverage, error, onRetry, latestRun, locations, onOpenFile, onShowTestRuns }: StoriesPanelProps) {
  const [filter, setFilter] = useState<Filter>('all');
  const stories = coverage?.stories ?? [];
  const openCount = stories.reduce((n, s) => n + s.criteria.filter(isOpen).length, 0);
  const shown = filter === 'all' ? stories : stories.map((s) => ({ ...s, criteria: s.criteria.filter(isOpen) })).filter((s) => s.criteria.length > 0);
  const counts = coverage
    ? ({ PROVEN: coverage.proven, WEAK: coverage.weak, FAILING: coverage.failing, UNTESTED: coverage.untested, ACCEPTED: coverage.accepted } satisfies Record<
        CriterionStatus,
        number
      >)
    : null;

  return (
    <Panel
      id="stories"
      title="Stories"
      className="stories-panel"
      meta={coverage && coverage.total > 0 ? `${stories.length} stor${stories.length === 1 ? 'y' : 'ies'}, ${coverage.total} criteria` : undefined}
    >
      <ErrorNotice error={error} title="The stories’ proof could not be loaded" onRetry={onRetry} />
      {coverage === undefined && !error && <p className="muted loading">Loading stories…</p>}
      {(coverage === null || (coverage && stories.length === 0)) && (
        <p className="empty">
          {projectStatus === 'CANCELLED' || projectStatus === 'FAILED'
            ? 'No stories — the project stopped before the analyst wrote any.'
            : 'No stories yet — the analyst writes them, with their acceptance criteria, first. Each criterion is then proven by a test, or openly not.'}
        </p>
      )}
      {coverage && stories.length > 0 && (
        <>
          <div className="stories-toolbar">
            <p className="coverage-line">{coverage.summary}</p>
            {counts && (
              <ul className="status-counts" aria-label="Criteria by status">
                {CRITERION_STATUSES.filter((s) => counts[s] > 0).map((s) => (
                  <li key={s} className={`criterion-status criterion-${s.toLowerCase()}`}>
                    <span aria-hidden="true">{criterionStatusInfo(s).mark}</span> {counts[s]} {criterionStatusInfo(s).word.toLowerCase()}
                  </li>
                ))}
              </ul>
            )}
            <div className="option-buttons stories-filter" role="group" aria-label="Which criteria to show">
              <button type="button" className={`option-button${filter === 'all' ? ' option-selected' : ''}`} aria-pressed={filter === 'all'} onClick={() => setFilter('all')}>
                All ({coverage.total})
              </button>
              <button type="button" className={`option-button${filter === 'open' ? ' option-selected' : ''}`} aria-pressed={filter === 'open'} onClick={() => setFilter('open')}>
                Not proven ({openCount})
              </button>
            </div>
          </div>
          {shown.length === 0 ? (
            <p className="empty">Every criterion is proven or accepted.</p>
          ) : (
            <ol className="proof-stories">
              {shown.map((story) => (
                <li key={story.storyId} className="proof-story" data-story={story.storyId}>
                  <h3 className="proof-story-title">
                    <span className="proof-story-id">{story.storyId}</span> {story.title}
                  </h3>
                  <ul className="proof-criteria">
                    {story.criteria.map((criterion) => (
                      <CriterionItem
                        key={criterion.criterionId}
                        criterion={criterion}
                        latestRun={latestRun}
                        mutationsRan={coverage.mutationScore !== null}
                        locations={locations}
                        onOpenFile={onOpenFile}
                        onShowTestRuns={onShowTestRuns}
                      />
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </Panel>
  );
}

function where(place: FileLine | null): string {
  return place ? `${place.path}${place.line ? `:${place.line}` : ''}` : '';
}

interface CriterionItemProps {
  criterion: CriterionCoverage;
  latestRun: TestRun | undefined;
  /** Mutants ran against the tests of the last run: whether a test caught one means something. */
  mutationsRan: boolean;
  locations: CodeLocations;
  onOpenFile(path: string, line: number | null): void;
  onShowTestRuns(): void;
}

const CriterionItem = memo(function CriterionItem({ criterion, latestRun, mutationsRan, locations, onOpenFile, onShowTestRuns }: CriterionItemProps) {
  const info = criterionStatusInfo(criterion.status);
  const id = useId();
  const status = criterion.status.toLowerCase();
  return (
    <li className={`proof-criterion criterion-${status}`} data-criterion={criterion.criterionId} data-status={criterion.status} aria-labelledby={`${id}-text`}>
      <div className="criterion-head">
        <span className={`badge criterion-status criterion-${status}`} title={info.meaning}>
          <span aria-hidden="true">{info.mark}</span> {info.word}
        </span>
        <span className="proof-criterion-id">{criterion.criterionId}</span>
        {criterion.version > 1 && (
          <span className="badge criterion-version" title={`A change reworded this criterion: this is its version ${criterion.version}, judged on its own tests`}>
            v{criterion.version}
          </span>
        )}
        <span className="criterion-text" id={`${id}-text`}>
          {criterion.text}
        </span>
      </div>
      {criterion.status !== 'PROVEN' && <p className="criterion-meaning muted">{info.meaning}</p>}
      <dl className="criterion-facts">
        {criterion.acceptedWith !== null && (
          <div>
            <dt>Accepted with</dt>
            <dd>
              <blockquote className="accepted-with prose">{criterion.acceptedWith}</blockquote>
            </dd>
          </div>
        )}
        <div>
          <dt>Tests</dt>
          <dd>
            {criterion.tests.length === 0 ? (
              <span className="muted">No test cites {criterion.criterionId} (a test cites a criterion by starting its name with the id).</span>
            ) : (
              <ul className="cited-tests">
                {criterion.tests.map((test) => {
                  const place = locations.test(test.name, criterion.criterionId);
                  const output = testOutput(latestRun?.output, test.name);
                  return (
                    <li key={test.name} className={`cited-test ${test.ok ? 'test-ok' : 'test-fail'}`}>
                      <span className="test-mark" aria-hidden="true">
                        {test.ok ? '✓' : '✗'}
                      </span>
                      <span className="test-outcome">{test.ok ? 'passed' : 'failed'}</span>
                      {place ? (
                        <button
                          type="button"
                          className="link-button cited-test-name"
                          onClick={() => onOpenFile(place.path, place.line)}
                          title={`Show the test’s code: ${where(place)}`}
                        >
                          {test.name}
                        </button>
                      ) : (
                        <span className="cited-test-name">{test.name}</span>
                      )}
                      {test.proving ? (
                        <span className="chip chip-ok" title="It failed when a bug was put into the criterion’s code">
                          caught a mutant
                        </span>
                      ) : (
                        test.ok &&
                        mutationsRan && (
                          <span className="chip chip-warn" title="No bug put into the criterion’s code made it fail">
                            caught no mutant
                          </span>
                        )
                      )}
                      {place && <code className="file-path cited-test-where">{where(place)}</code>}
                      {output !== null && (
                        <details className="test-output">
                          <summary>output{latestRun ? ` of round ${latestRun.round}` : ''}</summary>
                          <pre className="output">{output}</pre>
                          <button type="button" className="link-button" onClick={onShowTestRuns}>
                            All test runs
                          </button>
                        </details>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>Implemented in</dt>
          <dd>
            {criterion.implementedIn.length === 0 ? (
              <span className="muted">The developer did not say where.</span>
            ) : (
              <ul className="implemented-in">
                {criterion.implementedIn.map((loc) => {
                  const place = locations.code(loc);
                  const label = `${loc.file}${loc.function ? ` · ${loc.function}()` : ''}`;
                  return (
                    <li key={`${loc.file}#${loc.function ?? ''}`}>
                      {place ? (
                        <button
                          type="button"
                          className="link-button file-path"
                          onClick={() => onOpenFile(place.path, place.line)}
                          title={`Show the code: ${where(place)}`}
                        >
                          <code>{label}</code>
                        </button>
                      ) : (
                        <code className="file-path">{label}</code>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </dd>
        </div>
        {criterion.survivingMutants.length > 0 && (
          <div>
            <dt>Surviving mutants</dt>
            <dd>
              <ul className="mutants">
                {criterion.survivingMutants.slice(0, MUTANTS_SHOWN).map((mutant) => (
                  <MutantDiff key={mutant.id} mutant={mutant} open={locations.file(mutant.file) ? onOpenFile : undefined} />
                ))}
              </ul>
              {criterion.survivingMutants.length > MUTANTS_SHOWN && (
                <details className="more-mutants">
                  <summary>
                    {criterion.survivingMutants.length - MUTANTS_SHOWN} more surviving mutant{criterion.survivingMutants.length - MUTANTS_SHOWN === 1 ? '' : 's'}
                  </summary>
                  <ul className="mutants">
                    {criterion.survivingMutants.slice(MUTANTS_SHOWN).map((mutant) => (
                      <MutantDiff key={mutant.id} mutant={mutant} open={locations.file(mutant.file) ? onOpenFile : undefined} />
                    ))}
                  </ul>
                </details>
              )}
            </dd>
          </div>
        )}
      </dl>
    </li>
  );
});

/** A mutant no test caught, as a small diff: where, what kind of change, the code before and after. */
function MutantDiff({ mutant, open }: { mutant: Mutant; open?: (path: string, line: number | null) => void }) {
  const at = `${mutant.file}:${mutant.line}`;
  return (
    <li className="mutant" data-mutant={mutant.id}>
      <div className="mutant-head">
        {open ? (
          <button type="button" className="link-button file-path" onClick={() => open(mutant.file, mutant.line)} title={`Show the code at ${at}`}>
            <code>{at}</code>
          </button>
        ) : (
          <code className="file-path">{at}</code>
        )}
        {mutant.functionName && <span className="muted">in {mutant.functionName}()</span>}
        <span className="chip">{mutant.mutator}</span>
      </div>
      <div className="mutant-diff" aria-label={`Changed ${mutant.original} to ${mutant.replacement}; every test still passed`}>
        <del>
          <span className="diff-sign" aria-hidden="true">
            −
          </span>
          <code>{mutant.original}</code>
        </del>
        <ins>
          <span className="diff-sign" aria-hidden="true">
            +
          </span>
          <code>{mutant.replacement}</code>
        </ins>
      </div>
    </li>
  );
}
