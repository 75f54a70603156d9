import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { createClient } from 'graphql-ws';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { authHeaders, connectionParams, reportTokenRefused, UNAUTHENTICATED_CLOSE_CODE } from './api-token';
import type { ApiSession } from './components/TokenGate';
import { TokenGate } from './components/TokenGate';
import { graphqlHttpUrl, graphqlWsUrl, retryWait } from './endpoints';
import './playground.css';

interface PlaygroundSession extends ApiSession {
  fetcher: Fetcher;
}

/** The playground's connection to the API, carrying the stored token on HTTP and on the socket. */
function connectPlayground(): PlaygroundSession {
  // One graphql-ws client for every subscription the playground runs. (Passing `subscriptionUrl`
  // instead would make @graphiql/toolkit create a new client, with only 5 retries, per subscription.)
  const wsClient = createClient({
    url: graphqlWsUrl(),
    connectionParams,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait,
    on: {
      closed: (event) => {
        if ((event as { code?: number } | undefined)?.code === UNAUTHENTICATED_CLOSE_CODE) reportTokenRefused();
      },
    },
  });
  const fetcher = createGraphiQLFetcher({
    url: graphqlHttpUrl(),
    wsClient,
    fetch: async (input, init) => {
      const headers = new Headers(init?.headers);
      // A header typed into GraphiQL's Headers tab wins over the stored token.
      for (const [name, value] of Object.entries(authHeaders())) if (!headers.has(name)) headers.set(name, value);
      const res = await fetch(input, { ...init, headers });
      if (res.status === 401) reportTokenRefused();
      return res;
    },
  });
  return { fetcher, dispose: () => void wsClient.dispose() };
}

const intro = `# Welcome to the BotArmy GraphQL playground.
#
# Run an operation with Ctrl-Enter (Cmd-Enter on a Mac).
# The Docs button on the left lists every query, mutation
# and subscription; the tabs above hold an example of each.
# Subscriptions run over graphql-ws on the same /graphql path.
`;

const defaultTabs = [
  {
    query: `${intro}
query Projects {
  projects(first: 10) {
    totalCount
    nodes {
      id
      name
      status
      version
      createdAt
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
`,
  },
  {
    query: `# Create a project: the analyst starts on its requirements.
mutation CreateProject($input: CreateProjectInput!) {
  createProject(input: $input) {
    id
    name
    status
    version
  }
}
`,
    variables: JSON.stringify(
      {
        input: {
          name: 'Todo app',
          requirements: 'A small web app where a person can add, complete and delete todo items.',
        },
      },
      null,
      2,
    ),
  },
  {
    query: `# Follow a project live: every event after afterVersion, then new ones as they happen.
subscription ProjectEvents($projectId: ID!, $afterVersion: Int) {
  projectEvents(projectId: $projectId, afterVersion: $afterVersion) {
    streamVersion
    type
    data
    recordedAt
  }
}
`,
    variables: JSON.stringify({ projectId: 'paste a project id here', afterVersion: 0 }, null, 2),
  },
];

function Playground({ fetcher }: { fetcher: Fetcher }) {
  return (
    <GraphiQL fetcher={fetcher} defaultTabs={defaultTabs} defaultEditorToolsVisibility="variables">
      <GraphiQL.Logo>
        <a className="playground-logo" href="/" title="Back to the BotArmy dashboard">
          BotArmy
        </a>
      </GraphiQL.Logo>
    </GraphiQL>
  );
}

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <TokenGate connect={connectPlayground}>{(session) => <Playground fetcher={session.fetcher} />}</TokenGate>
  </StrictMode>,
);
