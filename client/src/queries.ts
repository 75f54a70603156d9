import { gql } from 'urql';

// Every operation the dashboard sends. Field names follow the server's schema exactly.

export const PROJECT_FIELDS = gql`
  fragment ProjectFields on Project {
    id
    name
    requirements
    status
    version
    confidenceThreshold
    maxAttempts
    tokenBudget
    budgetUsd
    forkedFrom {
      projectId
      atVersion
    }
    warnings {
      agent
      text
    }
    breakpoints
    pausedBefore
    round
    changes {
      round
      text
      requestedAt
    }
    model
    answeredBy
    createdAt
    updatedAt
  }
`;

/** The field sets each panel reads, shared by the live queries and the time-travel snapshot. */
export const MESSAGE_FIELDS = gql`
  fragment MessageFields on Message {
    id
    projectId
    fromAgent
    toAgent
    type
    content
    data
    status
    confidence
    thread
    attempt
    createdAt
    streamVersion
  }
`;

export const AGENT_FIELDS = gql`
  fragment AgentFields on Agent {
    name
    status
    currentTask
    attempt
    promptTokens
    completionTokens
    totalTokens
    llmCalls
    costUsd
    failedCalls
    lastConfidence
    lastError
    updatedAt
  }
`;

export const ARTIFACT_FIELDS = gql`
  fragment ArtifactFields on Artifact {
    path
    version
    sha256
    size
    agent
    updatedAt
  }
`;

export const TEST_RUN_FIELDS = gql`
  fragment TestRunFields on TestRun {
    id
    round
    status
    command
    exitCode
    signal
    timedOut
    passed
    failed
    skipped
    durationMs
    output
    tests {
      name
      ok
    }
    startedAt
    completedAt
  }
`;

export const PROJECTS_QUERY = gql`
  query Projects($status: ProjectStatus, $first: Int, $after: String) {
    projects(status: $status, first: $first, after: $after) {
      nodes {
        id
        name
        status
        version
        forkedFrom {
          projectId
          atVersion
        }
        createdAt
        updatedAt
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`;

/** Any project that appears or changes status or progress: the list refreshes on it. */
export const PROJECTS_CHANGED_SUBSCRIPTION = gql`
  subscription ProjectsChanged {
    projectsChanged {
      id
    }
  }
`;

export const PROJECT_QUERY = gql`
  query Project($id: ID!) {
    project(id: $id) {
      ...ProjectFields
    }
  }
  ${PROJECT_FIELDS}
`;

export const CREATE_PROJECT_MUTATION = gql`
  mutation CreateProject($input: CreateProjectInput!) {
    createProject(input: $input) {
      ...ProjectFields
    }
  }
  ${PROJECT_FIELDS}
`;

export const MESSAGES_QUERY = gql`
  query Messages($projectId: ID!, $first: Int, $after: String) {
    messages(projectId: $projectId, first: $first, after: $after) {
      nodes {
        ...MessageFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
  ${MESSAGE_FIELDS}
`;

export const ACTION_FIELDS = gql`
  fragment ActionFields on Action {
    id
    projectId
    title
    description
    priority
    status
    reason
    agent
    options {
      id
      label
      description
      asks {
        kind
        prompt
        required
        offered
      }
    }
    chosenOptionId
    response
    grantedTokens
    grantedUsd
    attachment
    createdAt
    resolvedAt
  }
`;

export const ACTIONS_QUERY = gql`
  query Actions($projectId: ID!) {
    actions(projectId: $projectId) {
      ...ActionFields
    }
  }
  ${ACTION_FIELDS}
`;

export const RESPOND_TO_ACTION_MUTATION = gql`
  mutation RespondToAction($input: RespondToActionInput!) {
    respondToAction(input: $input) {
      ...ActionFields
    }
  }
  ${ACTION_FIELDS}
`;

export const PROJECT_CHANGED_SUBSCRIPTION = gql`
  subscription ProjectChanged($projectId: ID!) {
    projectChanged(projectId: $projectId) {
      ...ProjectFields
    }
  }
  ${PROJECT_FIELDS}
`;

export const AGENTS_QUERY = gql`
  query Agents($projectId: ID!) {
    agents(projectId: $projectId) {
      ...AgentFields
    }
  }
  ${AGENT_FIELDS}
`;

/**
 * Each listed project's agent statuses in one request: an aliased `agents` field per project
 * (`p0`, `p1`, …), so a page of 20 projects costs one round trip, not 20.
 */
export function agentsProgressQuery(count: number): string {
  if (count === 0) return 'query ProjectsProgress { __typename }';
  const indexes = Array.from({ length: count }, (_, i) => i);
  const params = indexes.map((i) => `$p${i}: ID!`).join(', ');
  const fields = indexes.map((i) => `p${i}: agents(projectId: $p${i}) { name status }`).join('\n    ');
  return `query ProjectsProgress(${params}) {\n    ${fields}\n  }`;
}

export const USAGE_QUERY = gql`
  query Usage($projectId: ID!) {
    usage(projectId: $projectId) {
      promptTokens
      completionTokens
      totalTokens
      llmCalls
      tokenBudget
      costUsd
      budgetUsd
      byAgent {
        agent
        promptTokens
        completionTokens
        totalTokens
        llmCalls
        costUsd
      }
    }
  }
`;

export const ARTIFACTS_QUERY = gql`
  query Artifacts($projectId: ID!) {
    artifacts(projectId: $projectId) {
      ...ArtifactFields
    }
  }
  ${ARTIFACT_FIELDS}
`;

/** One version of a file; a version's content never changes, so this is safe to cache. */
export const ARTIFACT_QUERY = gql`
  query Artifact($projectId: ID!, $path: String!, $version: Int) {
    artifact(projectId: $projectId, path: $path, version: $version) {
      path
      version
      content
      sha256
      size
      agent
      streamVersion
      createdAt
    }
  }
`;

export const TEST_RUNS_QUERY = gql`
  query TestRuns($projectId: ID!) {
    testRuns(projectId: $projectId) {
      ...TestRunFields
    }
  }
  ${TEST_RUN_FIELDS}
`;

export const ROUNDS_QUERY = gql`
  query Rounds($projectId: ID!) {
    rounds(projectId: $projectId) {
      round
      change
      status
      startedAt
      stories {
        id
        status
        titleA
        titleB
        diff
      }
      files {
        path
        status
        diff
      }
      testRuns {
        id
        status
        passed
        failed
      }
    }
  }
`;

export const EDIT_FILE_MUTATION = gql`
  mutation EditFile($input: EditFileInput!) {
    editFile(input: $input) {
      id
      version
    }
  }
`;

export const REQUEST_CHANGE_MUTATION = gql`
  mutation RequestChange($input: RequestChangeInput!) {
    requestChange(input: $input) {
      ...ProjectFields
    }
  }
  ${PROJECT_FIELDS}
`;

export const CANCEL_PROJECT_MUTATION = gql`
  mutation CancelProject($id: ID!) {
    cancelProject(id: $id) {
      ...ProjectFields
    }
  }
  ${PROJECT_FIELDS}
`;

export const LLM_QUERY = gql`
  query Llm {
    llm {
      provider
      model
      offline
    }
  }
`;

export const PROJECT_SPEC_QUERY = gql`
  query ProjectSpec($id: ID!) {
    project(id: $id) {
      id
      spec
    }
  }
`;

export const SET_BREAKPOINTS_MUTATION = gql`
  mutation SetBreakpoints($projectId: ID!, $agents: [AgentName!]!) {
    setBreakpoints(projectId: $projectId, agents: $agents) {
      ...ProjectFields
    }
  }
  ${PROJECT_FIELDS}
`;

export const RESUME_PROJECT_MUTATION = gql`
  mutation ResumeProject($projectId: ID!) {
    resumeProject(projectId: $projectId) {
      ...ProjectFields
    }
  }
  ${PROJECT_FIELDS}
`;

export const EDIT_OUTPUT_MUTATION = gql`
  mutation EditOutput($projectId: ID!, $agent: AgentName!, $output: JSON!) {
    editOutput(projectId: $projectId, agent: $agent, output: $output) {
      ...ProjectFields
    }
  }
  ${PROJECT_FIELDS}
`;

export const RETRY_STEP_MUTATION = gql`
  mutation RetryStep($input: RetryStepInput!) {
    retryStep(input: $input) {
      ...ProjectFields
    }
  }
  ${PROJECT_FIELDS}
`;

/**
 * Sent straight through graphql-ws (not through urql) because the event follower re-subscribes
 * with a new `afterVersion` after every reconnect; see event-follower.ts. Compact: prompts, answers,
 * outputs and file contents stay on the server until an event is opened (EVENT_QUERY).
 */
export const PROJECT_EVENTS_SUBSCRIPTION = /* GraphQL */ `
  subscription ProjectEvents($projectId: ID!, $afterVersion: Int) {
    projectEvents(projectId: $projectId, afterVersion: $afterVersion, compact: true) {
      globalPosition
      streamId
      streamVersion
      type
      schemaVersion
      data
      metadata
      recordedAt
      compacted
    }
  }
`;

/** One whole event, large fields included; an event never changes, so this is safe to cache. */
export const EVENT_QUERY = gql`
  query Event($projectId: ID!, $version: Int!) {
    events(projectId: $projectId, fromVersion: $version, toVersion: $version, first: 1) {
      globalPosition
      streamId
      streamVersion
      type
      schemaVersion
      data
      metadata
      recordedAt
      compacted
    }
  }
`;

/** The project and its read models as they were right after one stream version; never changes, so cacheable. */
export const PROJECT_AT_QUERY = gql`
  query ProjectAt($projectId: ID!, $version: Int!) {
    projectAt(projectId: $projectId, version: $version) {
      version
      recordedAt
      project {
        ...ProjectFields
      }
      messages {
        ...MessageFields
      }
      actions {
        ...ActionFields
      }
      agents {
        ...AgentFields
      }
      artifacts {
        ...ArtifactFields
      }
      testRuns {
        ...TestRunFields
      }
    }
  }
  ${PROJECT_FIELDS}
  ${ACTION_FIELDS}
  ${MESSAGE_FIELDS}
  ${AGENT_FIELDS}
  ${ARTIFACT_FIELDS}
  ${TEST_RUN_FIELDS}
`;

export const REPLAY_QUERY = gql`
  query Replay($projectId: ID!) {
    replay(projectId: $projectId) {
      identical
      compared
      divergence {
        version
        expectedType
        actualType
        fields
        differences {
          path
          expected
          actual
          diff
        }
        step {
          agent
          stepId
        }
        cause
        explanation
      }
    }
  }
`;

export const FORK_PROJECT_MUTATION = gql`
  mutation ForkProject($projectId: ID!, $atVersion: Int!, $overrides: ForkOverridesInput) {
    forkProject(projectId: $projectId, atVersion: $atVersion, overrides: $overrides) {
      ...ProjectFields
    }
  }
  ${PROJECT_FIELDS}
`;

/** Every acceptance criterion and how far it is proven (statuses, citing tests, code, surviving mutants). */
export const COVERAGE_FIELDS = gql`
  fragment CoverageFields on Coverage {
    projectId
    summary
    total
    proven
    weak
    failing
    untested
    accepted
    mutationScore
    stories {
      storyId
      title
      criteria {
        criterionId
        version
        text
        status
        implementedIn {
          file
          function
        }
        tests {
          name
          ok
          proving
        }
        survivingMutants {
          id
          file
          line
          column
          functionName
          mutator
          original
          replacement
          status
        }
        acceptedWith
      }
    }
  }
`;

export const COVERAGE_QUERY = gql`
  query Coverage($projectId: ID!) {
    coverage(projectId: $projectId) {
      ...CoverageFields
    }
  }
  ${COVERAGE_FIELDS}
`;

/**
 * The coverage at a past version. A request of its own beside PROJECT_AT_QUERY, so a server without coverage
 * (or a failure computing it) leaves the rest of time travel working. Never changes, so cacheable.
 */
export const PROJECT_AT_COVERAGE_QUERY = gql`
  query ProjectAtCoverage($projectId: ID!, $version: Int!) {
    projectAt(projectId: $projectId, version: $version) {
      version
      coverage {
        ...CoverageFields
      }
    }
  }
  ${COVERAGE_FIELDS}
`;

const COMPARED_PROJECT_FIELDS = gql`
  fragment ComparedProjectFields on ComparedProject {
    project {
      ...ProjectFields
    }
    usage {
      promptTokens
      completionTokens
      totalTokens
      llmCalls
      tokenBudget
      costUsd
      budgetUsd
      byAgent {
        agent
        promptTokens
        completionTokens
        totalTokens
        llmCalls
        costUsd
      }
    }
    startedAt
    endedAt
    durationMs
    lastTestRun {
      round
      status
      passed
      failed
    }
  }
  ${PROJECT_FIELDS}
`;

/** Two projects side by side (the compare page); a snapshot of now, read once. */
export const COMPARE_PROJECTS_QUERY = gql`
  query CompareProjects($a: ID!, $b: ID!) {
    compareProjects(a: $a, b: $b) {
      a {
        ...ComparedProjectFields
      }
      b {
        ...ComparedProjectFields
      }
      stories {
        id
        status
        titleA
        titleB
        diff
      }
      design {
        status
        diff
      }
      files {
        path
        status
        diff
      }
      tests {
        name
        okA
        okB
      }
      parting {
        version
        fields
        a {
          type
        }
        b {
          type
        }
      }
    }
  }
  ${COMPARED_PROJECT_FIELDS}
`;
