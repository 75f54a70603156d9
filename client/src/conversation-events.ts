/**
 * The event types that add a message to the conversation: the keys of the message projection's handlers
 * (src/projections/message-projection.ts). Not only MessageSent: the request itself, questions, answers,
 * rejections, retries, changes asked for, test runs and forks are messages too, and the last one of a run is often one of those.
 * test/unit/conversation-events.test.ts fails when this list and the projection's handlers differ.
 */
export const CONVERSATION_EVENTS: ReadonlySet<string> = new Set([
  'ProjectCreated',
  'ProjectForked',
  'MessageSent',
  'ActionRequested',
  'ActionResolved',
  'AgentOutputRejected',
  'StepRetryRequested',
  'TestRunCompleted',
  'ProjectPaused',
  'AgentOutputEdited',
  'ChangeRequested',
  'ArtifactEditedByPerson',
]);
