import { useEffect, useRef } from 'react';
import { useQuery, useSubscription, type CombinedError } from 'urql';
import { useDebouncedCallback } from '../hooks/useDebounced';
import { projectsHref } from '../hooks/useHashRoute';
import { useMessages } from '../hooks/useMessages';
import { useProjectEvents } from '../hooks/useProjectEvents';
import { ACTIONS_QUERY, PROJECT_CHANGED_SUBSCRIPTION } from '../queries';
import type { Action, Project, ProjectEvent } from '../types';
import { ActionQueue } from './ActionQueue';
import { ErrorNotice } from './ErrorNotice';
import { EventTimeline } from './EventTimeline';
import { MessageList } from './MessageList';
import { ProjectHeader } from './ProjectHeader';

/** Event types after which the action queue is read again. */
const ACTION_EVENTS = new Set(['ActionRequested', 'ActionResolved', 'ProjectCancelled', 'ProjectCompleted', 'ProjectFailed']);

interface ProjectViewProps {
  project: Project;
  refreshError: CombinedError | undefined;
  refetchProject(): void;
}

function newer(a: Project, b: Project | undefined): Project {
  return b && b.id === a.id && b.version > a.version ? b : a;
}

/**
 * One project, live. The event subscription drives everything else: its events fill the
 * timeline, and the read models they touch (messages, actions, the header) are read again.
 * Further panels (agents, usage, artifacts, test runs) go in the grid below as they arrive in
 * the schema, each refreshed from `onNewEvents` by the event types that change it.
 */
export function ProjectView({ project: loaded, refreshError, refetchProject }: ProjectViewProps) {
  const projectId = loaded.id;
  const [changed] = useSubscription<{ projectChanged: Project }>({
    query: PROJECT_CHANGED_SUBSCRIPTION,
    variables: { projectId },
  });
  const project = newer(loaded, changed.data?.projectChanged);

  const [actionsResult, reexecuteActions] = useQuery<{ actions: Action[] }>({
    query: ACTIONS_QUERY,
    variables: { projectId },
    requestPolicy: 'cache-and-network',
  });
  const messages = useMessages(projectId);

  const shownVersion = useRef(project.version);
  shownVersion.current = project.version;
  const latestEvent = useRef(0);

  const refreshActions = useDebouncedCallback(() => reexecuteActions({ requestPolicy: 'network-only' }), 200);
  // projectChanged normally keeps the header current; this covers changes made while the socket was down.
  const refreshProject = useDebouncedCallback(() => {
    if (latestEvent.current > shownVersion.current) refetchProject();
  }, 500);

  const onNewEvents = (batch: ProjectEvent[]) => {
    let actionsTouched = false;
    for (const event of batch) {
      latestEvent.current = Math.max(latestEvent.current, event.streamVersion);
      if (event.type === 'MessageSent') messages.notifyMessageEvent(event.streamVersion);
      if (ACTION_EVENTS.has(event.type)) actionsTouched = true;
    }
    if (actionsTouched) refreshActions();
    if (latestEvent.current > shownVersion.current) refreshProject();
  };
  const events = useProjectEvents(projectId, onNewEvents);

  const actions = actionsResult.data?.actions;
  const pendingCount = actions?.filter((a) => a.status === 'PENDING').length ?? 0;
  useEffect(() => {
    document.title = `${pendingCount ? `(${pendingCount}) ` : ''}${project.name} · BotArmy`;
  }, [project.name, pendingCount]);

  return (
    <div className="page project-page">
      <p className="breadcrumb">
        <a href={projectsHref}>← All projects</a>
      </p>
      <ProjectHeader project={project} />
      <ErrorNotice error={refreshError} title="The project could not be refreshed" onRetry={refetchProject} />
      <div className="project-grid">
        <div className="project-main">
          <ActionQueue
            actions={actions}
            fetching={actionsResult.fetching}
            error={actionsResult.error}
            onRefresh={() => reexecuteActions({ requestPolicy: 'network-only' })}
          />
          <MessageList messages={messages} confidenceThreshold={project.confidenceThreshold} />
        </div>
        <div className="project-side">
          <EventTimeline events={events.events} projectVersion={project.version} error={events.error} onRetry={events.retry} />
        </div>
      </div>
    </div>
  );
}
