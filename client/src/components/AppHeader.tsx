import { projectsHref } from '../hooks/useHashRoute';
import { ConnectionIndicator } from './ConnectionIndicator';

export function AppHeader() {
  return (
    <header className="app-header">
      <div className="app-header-inner">
        <a className="brand" href={projectsHref}>
          <img src="/favicon.svg" alt="" width="24" height="24" />
          BotArmy
        </a>
        <nav aria-label="Main">
          <ul>
            <li>
              <a href={projectsHref}>Projects</a>
            </li>
            <li>
              <a href="/graphql" title="Explore the GraphQL API in GraphiQL">
                API playground
              </a>
            </li>
          </ul>
        </nav>
        <ConnectionIndicator />
      </div>
    </header>
  );
}
