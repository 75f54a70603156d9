import { criterionStatusInfo, statusShares } from '../coverage';
import type { Coverage } from '../types';

/**
 * The header's line on proof: "12 of 15 criteria proven, mutation score 78%", a bar of the criteria by status
 * beside it (decoration: the words say it all), and a link to the Stories view.
 */
export function CoverageSummary({ coverage, href, onOpen }: { coverage: Coverage | null | undefined; href: string; onOpen(): void }) {
  if (!coverage || coverage.total === 0) return null;
  const shares = statusShares({
    PROVEN: coverage.proven,
    WEAK: coverage.weak,
    FAILING: coverage.failing,
    UNTESTED: coverage.untested,
    ACCEPTED: coverage.accepted,
  });
  const open = coverage.total - coverage.proven - coverage.accepted;
  return (
    <p className={`coverage-summary${open > 0 ? ' coverage-open' : ' coverage-done'}`}>
      <span className="coverage-bar" aria-hidden="true">
        {shares.map((s) => (
          <span
            key={s.status}
            className={`coverage-bar-part criterion-${s.status.toLowerCase()}`}
            style={{ flexGrow: s.count }}
            title={`${s.count} ${criterionStatusInfo(s.status).word.toLowerCase()}`}
          />
        ))}
      </span>
      <span className="coverage-summary-text">{coverage.summary}</span>{' '}
      <a
        href={href}
        onClick={(e) => {
          e.preventDefault();
          onOpen();
        }}
      >
        {open > 0 ? `See the ${open} not proven` : 'See the stories'}
      </a>
    </p>
  );
}
