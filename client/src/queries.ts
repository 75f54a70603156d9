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
    createdAt
    updatedAt
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
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`;

const ACTION_FIELDS = gql`
  fragment ActionFields on Action {
    id
    projectId
    title
    description
    priority
    status
    agent
    options {
      id
      label
      description
    }
    chosenOptionId
    response
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

/**
 * Sent straight through graphql-ws (not through urql) because the event follower re-subscribes
 * with a new `afterVersion` after every reconnect; see event-follower.ts.
 */
export const PROJECT_EVENTS_SUBSCRIPTION = /* GraphQL */ `
  subscription ProjectEvents($projectId: ID!, $afterVersion: Int) {
    projectEvents(projectId: $projectId, afterVersion: $afterVersion) {
      globalPosition
      streamId
      streamVersion
      type
      schemaVersion
      data
      metadata
      recordedAt
    }
  }
`;
