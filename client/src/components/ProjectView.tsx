import { useCallback, useEffect, useRef, useState } from 'react';
import { useSubscription, type CombinedError } from 'urql';
import { defaultFile } from '../file-tree';
import { useDebouncedCallback } from '../hooks/useDebounced';
import { projectHref, projectsHref } from '../hooks/useHashRoute';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useMessages } from '../hooks/useMessages';
import { useProjectEvents } from '../hooks/useProjectEvents';
import {
  ACTIONS_QUERY,
  AGENTS_QUERY,
  ARTIFACTS_QUERY,
  PROJECT_CHANGED_SUBSCRIPTION,
  TEST_RUNS_QUERY,
  USAGE_QUERY,
} from '../queries';
import type { Action, Agent, Artifact, Project, ProjectEvent, TestRun, Usage } from '../types';
import { ActionQueue } from './ActionQueue';
import { AgentPanel } from './AgentPanel';
import { ArtifactsPanel, workspaceZipHref } from './ArtifactsPanel';
import { CancelProjectButton } from './CancelProjectButton';
import { ErrorNotice } from './ErrorNotice';
import { EventTimeline } from './EventTimeline';
import { MessageList } from './MessageList';
import { jumpToPanel, PageNav } from './PageNav';
import { ProjectHeader } from './ProjectHeader';
import { ProjectStatusBanner } from './ProjectStatusBanner';
import { TestRunsPanel } from './TestRunsPanel';
import { UsagePanel } from './UsagePanel';

/** Which read models an event type changes; each is read again (coalesced) when one arrives. */
const FINISH = ['ProjectCompleted', 'ProjectCancelled', 'ProjectFailed'];
const ACTION_EVENTS = new Set(['ActionRequested', 'ActionResolved', 'StepRetryRequested', ...FINISH]);
const AGENT_EVENTS = new Set([
  'ProjectCreated',
  'ProjectForked',
  'AgentStepStarted',
  'LlmCallCompleted',
  'LlmCallFailed',
  'AgentOutputProduced',
  'AgentOutputAccepted',
  'AgentOutputRejected',
  'ActionRequested',
  'ActionResolved',
  'StepRetryRequested',
  ...FINISH,
]);
const USAGE_EVENTS = new Set(['ProjectCreated', 'ProjectForked', 'LlmCallCompleted', 'LlmCallFailed']);
const ARTIFACT_EVENTS = new Set(['ProjectForked', 'ArtifactWritten']);
const TEST_RUN_EVENTS = new Set(['ProjectForked', 'TestRunStarted', 'TestRunCompleted']);

interface ProjectViewProps {
  project: Project;
  refreshError: CombinedError | undefined;
  refetchProject(): void;
}

function newer(a: Project, b: Project | undefined): Project {
  return b && b.id === a.id && b.version > a.version ? b : a;
}

/**
 * One project, live. The event subscription drives everything: its events fill the timeline, and each
 * panel's read model is read again when an event that changes it arrives — coalesced per panel, so a
 * burst of events costs a request or two (see useLiveQuery). `projectChanged` keeps the header current.
 */
export function ProjectView({ project: loaded, refreshError, refetchProject }: ProjectViewProps) {
  const projectId = loaded.id;
  const [changed] = useSubscription<{ projectChanged: Project }>({
    query: PROJECT_CHANGED_SUBSCRIPTION,
    variables: { projectId },
  });
  const project = newer(loaded, changed.data?.projectChanged);

  const variables = { projectId };
  const actions = useLiveQuery<{ actions: Action[] }>(ACTIONS_QUERY, variables);
  const agents = useLiveQuery<{ agents: Agent[] }>(AGENTS_QUERY, variables);
  const usage = useLiveQuery<{ usage: Usage }>(USAGE_QUERY, variables);
  const artifacts = useLiveQuery<{ artifacts: Artifact[] }>(ARTIFACTS_QUERY, variables);
  const testRuns = useLiveQuery<{ testRuns: TestRun[] }>(TEST_RUNS_QUERY, variables);
  const messages = useMessages(projectId);

  // The panels were first read after the project was, at `loaded.version` or later: replayed events up
  // to there are already in them, so only newer ones trigger a refresh.
  const baseline = useRef(loaded.version);
  const shownVersion = useRef(project.version);
  shownVersion.current = project.version;
  const latestEvent = useRef(0);

  // projectChanged normally keeps the header current; this covers changes made while the socket was down.
  const refreshProject = useDebouncedCallback(() => {
    if (latestEvent.current > shownVersion.current) refetchProject();
  }, 500);

  const onNewEvents = (batch: ProjectEvent[]) => {
    const touched = new Set<string>();
    for (const event of batch) {
      latestEvent.current = Math.max(latestEvent.current, event.streamVersion);
      if (event.type === 'MessageSent') messages.notifyMessageEvent(event.streamVersion);
      if (event.streamVersion <= baseline.current) continue;
      if (ACTION_EVENTS.has(event.type)) touched.add('actions');
      if (AGENT_EVENTS.has(event.type)) touched.add('agents');
      if (USAGE_EVENTS.has(event.type)) touched.add('usage');
      if (ARTIFACT_EVENTS.has(event.type)) touched.add('artifacts');
      if (TEST_RUN_EVENTS.has(event.type)) touched.add('testRuns');
    }
    if (touched.has('actions')) actions.refresh();
    if (touched.has('agents')) agents.refresh();
    if (touched.has('usage')) usage.refresh();
    if (touched.has('artifacts')) artifacts.refresh();
    if (touched.has('testRuns')) testRuns.refresh();
    if (latestEvent.current > shownVersion.current) refreshProject();
  };
  const events = useProjectEvents(projectId, onNewEvents);

  // Answered here: hidden at once, before the refresh (and the ActionResolved event) confirm it.
  const [answered, setAnswered] = useState<ReadonlySet<string>>(new Set());
  const actionList = actions.data?.actions.map((a) => (answered.has(a.id) && a.status === 'PENDING' ? { ...a, status: 'RESOLVED' as const } : a));
  const refreshActionsNow = actions.refreshNow;
  const onResponded = useCallback(
    (actionId: string) => {
      setAnswered((s) => new Set(s).add(actionId));
      refreshActionsNow();
    },
    [refreshActionsNow],
  );

  const artifactList = artifacts.data?.artifacts;
  const [selectedPath, setSelectedPath] = useState<string | null>(null);
  const userChoseFile = useRef(false);
  useEffect(() => {
    if (userChoseFile.current || selectedPath || !artifactList?.length) return;
    setSelectedPath(defaultFile(artifactList));
  }, [artifactList, selectedPath]);
  const selectFile = useCallback((path: string) => {
    userChoseFile.current = true;
    setSelectedPath(path);
  }, []);
  const openFile = useCallback(
    (path: string) => {
      selectFile(path);
      jumpToPanel('files');
    },
    [selectFile],
  );

  const pendingCount = actionList?.filter((a) => a.status === 'PENDING').length ?? 0;
  useEffect(() => {
    document.title = `${pendingCount ? `(${pendingCount}) ` : ''}${project.name} · BotArmy`;
  }, [project.name, pendingCount]);

  const running = project.status === 'ACTIVE' || project.status === 'WAITING';
  const agentList = agents.data?.agents;
  const runList = testRuns.data?.testRuns;
  // After this page's own cancel or retry: read at once rather than wait for the events.
  const latestRefetch = useRef(refetchProject);
  latestRefetch.current = refetchProject;
  const refreshActions = actions.refreshNow;
  const refreshAgents = agents.refreshNow;
  const refreshAfterOwnChange = useCallback(() => {
    latestRefetch.current();
    refreshActions();
    refreshAgents();
  }, [refreshActions, refreshAgents]);

  return (
    <div className={`page project-page project-${project.status.toLowerCase()}`}>
      <p className="breadcrumb">
        <a href={projectsHref}>← All projects</a>
      </p>
      <ProjectHeader
        project={project}
        tools={
          <>
            {artifactList && artifactList.length > 0 && (
              <a className="button" href={workspaceZipHref(projectId)} download>
                Download .zip
              </a>
            )}
            {running && <CancelProjectButton project={project} onCancelled={refreshAfterOwnChange} />}
          </>
        }
      />
      <ErrorNotice error={refreshError} title="The project could not be refreshed" onRetry={refetchProject} />
      <ProjectStatusBanner
        project={project}
        agents={agentList}
        actions={actionList}
        artifacts={artifactList}
        testRuns={runList}
        events={events.events}
        onJump={jumpToPanel}
      />
      <PageNav
        pageHref={projectHref(projectId)}
        items={[
          { id: 'agents', label: 'Agents' },
          { id: 'actions', label: 'Actions', count: pendingCount || undefined, highlight: pendingCount > 0 },
          { id: 'messages', label: 'Conversation', count: messages.totalCount ?? undefined },
          { id: 'files', label: 'Files', count: artifactList?.length || undefined },
          { id: 'tests', label: 'Tests', count: runList?.length || undefined },
          { id: 'usage', label: 'Usage' },
          { id: 'timeline', label: 'Timeline' },
        ]}
      />
      <AgentPanel
        projectId={projectId}
        projectStatus={project.status}
        confidenceThreshold={project.confidenceThreshold}
        agents={agentList}
        error={agents.error}
        onRetry={agents.refreshNow}
        onRetryRequested={refreshAfterOwnChange}
      />
      <div className="project-grid">
        <div className="area-actions">
          <ActionQueue actions={actionList} fetching={actions.fetching} error={actions.error} onRefresh={actions.refreshNow} onResponded={onResponded} />
        </div>
        <div className="area-messages">
          <MessageList messages={messages} confidenceThreshold={project.confidenceThreshold} onOpenFile={openFile} />
        </div>
        <div className="area-side project-side">
          <UsagePanel usage={usage.data?.usage} error={usage.error} onRetry={usage.refreshNow} />
          <EventTimeline events={events.events} projectVersion={project.version} error={events.error} onRetry={events.retry} />
        </div>
        <div className="area-files">
          <ArtifactsPanel
            projectId={projectId}
            projectStatus={project.status}
            artifacts={artifactList}
            error={artifacts.error}
            onRetry={artifacts.refreshNow}
            selectedPath={selectedPath}
            onSelect={selectFile}
          />
        </div>
        <div className="area-tests">
          <TestRunsPanel projectStatus={project.status} testRuns={runList} error={testRuns.error} onRetry={testRuns.refreshNow} />
        </div>
      </div>
    </div>
  );
}
