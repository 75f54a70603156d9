import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSubscription, type CombinedError } from 'urql';
import { CONVERSATION_EVENTS } from '../conversation-events';
import { defaultFile } from '../file-tree';
import { useDebouncedCallback } from '../hooks/useDebounced';
import { compareHref, projectHref, projectsHref } from '../hooks/useHashRoute';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useMessages, type MessagesResult } from '../hooks/useMessages';
import { useProjectSnapshot } from '../hooks/useProjectSnapshot';
import { useProjectEvents } from '../hooks/useProjectEvents';
import { useCodeLocations } from '../hooks/useCodeLocations';
import {
  ACTIONS_QUERY,
  AGENTS_QUERY,
  ARTIFACTS_QUERY,
  COVERAGE_QUERY,
  PROJECT_CHANGED_SUBSCRIPTION,
  TEST_RUNS_QUERY,
  USAGE_QUERY,
} from '../queries';
import type { Action, Agent, Artifact, Coverage, Project, ProjectEvent, ProjectSnapshot, TestRun, Usage } from '../types';
import { ActionQueue } from './ActionQueue';
import { AgentPanel } from './AgentPanel';
import { ArtifactsPanel } from './ArtifactsPanel';
import { WorkspaceZipLink } from './WorkspaceZipLink';
import { CancelProjectButton } from './CancelProjectButton';
import { ChangeRequestForm } from './ChangeRequestForm';
import { RoundsPanel } from './RoundsPanel';
import type { MarkedLine } from './CodeView';
import { CoverageSummary } from './CoverageSummary';
import { ErrorNotice } from './ErrorNotice';
import { EventTimeline } from './EventTimeline';
import { ReplayPanel } from './ReplayPanel';
import { HistoryBar } from './HistoryBar';
import { MessageList } from './MessageList';
import { jumpToPanel, PageNav } from './PageNav';
import { ProjectHeader } from './ProjectHeader';
import { ProjectStatusBanner } from './ProjectStatusBanner';
import { StoriesPanel } from './StoriesPanel';
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
const ARTIFACT_EVENTS = new Set(['ProjectForked', 'ArtifactWritten', 'ArtifactDeleted', 'ArtifactEditedByPerson']);
const TEST_RUN_EVENTS = new Set(['ProjectForked', 'TestRunStarted', 'TestRunCompleted']);
/** What a round shows: its start and end, the stories and files it changed, its test runs. */
const ROUND_EVENTS = new Set(['ChangeRequested', 'AgentOutputAccepted', 'AgentOutputEdited', 'ArtifactWritten', 'ArtifactDeleted', 'ArtifactEditedByPerson', 'TestRunCompleted', 'ProjectCompleted', 'ProjectFailed', 'ProjectCancelled']);
/** The criteria's proof: new stories, implementations and tests, test and mutation runs, a person's acceptance. */
const COVERAGE_EVENTS = new Set([
  'ProjectForked',
  'AgentOutputAccepted',
  'TestRunCompleted',
  'MutationRunCompleted',
  'ActionResolved',
  ...FINISH,
]);

interface ProjectViewProps {
  project: Project;
  refreshError: CombinedError | undefined;
  refetchProject(): void;
}

function newer(a: Project, b: Project | undefined): Project {
  return b && b.id === a.id && b.version > a.version ? b : a;
}

const noop = () => {};

/** A snapshot's messages in the shape the conversation panel reads (all of them, nothing more to load). */
function snapshotMessages(snapshot: ProjectSnapshot | null): MessagesResult {
  const messages = snapshot?.messages ?? [];
  return {
    messages,
    totalCount: snapshot ? messages.length : null,
    hasNextPage: false,
    loaded: !!snapshot,
    fetching: false,
    error: undefined,
    loadMore: noop,
    notifyMessageEvent: noop,
  };
}

/** Token usage at a past version, from the agents' counters then (projectAt has no usage of its own). */
function snapshotUsage(snapshot: ProjectSnapshot): Usage {
  const byAgent = snapshot.agents.map((a) => ({
    agent: a.name,
    promptTokens: a.promptTokens,
    completionTokens: a.completionTokens,
    totalTokens: a.totalTokens,
    llmCalls: a.llmCalls,
    costUsd: a.costUsd,
  }));
  const sum = (key: 'promptTokens' | 'completionTokens' | 'totalTokens' | 'llmCalls' | 'costUsd') => byAgent.reduce((n, a) => n + a[key], 0);
  return {
    byAgent,
    promptTokens: sum('promptTokens'),
    completionTokens: sum('completionTokens'),
    totalTokens: sum('totalTokens'),
    llmCalls: sum('llmCalls'),
    tokenBudget: snapshot.project.tokenBudget,
    costUsd: Math.round(sum('costUsd') * 1_000_000) / 1_000_000,
    budgetUsd: snapshot.project.budgetUsd,
  };
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

  // Time travel: the version the scrubber is on (null: live). The live reads below carry on meanwhile, so
  // "Back to live" is instant; the panels show the snapshot instead while it is set.
  const [viewVersion, setViewVersion] = useState<number | null>(null);
  const history = useProjectSnapshot(projectId, viewVersion);
  const travelling = viewVersion !== null;
  const snapshot = travelling ? history.snapshot : null;

  const variables = { projectId };
  const actions = useLiveQuery<{ actions: Action[] }>(ACTIONS_QUERY, variables);
  const agents = useLiveQuery<{ agents: Agent[] }>(AGENTS_QUERY, variables);
  const usage = useLiveQuery<{ usage: Usage }>(USAGE_QUERY, variables);
  const artifacts = useLiveQuery<{ artifacts: Artifact[] }>(ARTIFACTS_QUERY, variables);
  const testRuns = useLiveQuery<{ testRuns: TestRun[] }>(TEST_RUNS_QUERY, variables);
  const coverage = useLiveQuery<{ coverage: Coverage | null }>(COVERAGE_QUERY, variables);
  // Counts events that change a round, so the rounds panel (shown from round 2 on) reads them again.
  const [roundChanges, setRoundChanges] = useState(0);
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
      if (CONVERSATION_EVENTS.has(event.type)) messages.notifyMessageEvent(event.streamVersion);
      if (event.streamVersion <= baseline.current) continue;
      if (ACTION_EVENTS.has(event.type)) touched.add('actions');
      if (AGENT_EVENTS.has(event.type)) touched.add('agents');
      if (USAGE_EVENTS.has(event.type)) touched.add('usage');
      if (ARTIFACT_EVENTS.has(event.type)) touched.add('artifacts');
      if (TEST_RUN_EVENTS.has(event.type)) touched.add('testRuns');
      if (COVERAGE_EVENTS.has(event.type)) touched.add('coverage');
      if (ROUND_EVENTS.has(event.type)) touched.add('rounds');
    }
    if (touched.has('actions')) actions.refresh();
    if (touched.has('agents')) agents.refresh();
    if (touched.has('usage')) usage.refresh();
    if (touched.has('artifacts')) artifacts.refresh();
    if (touched.has('testRuns')) testRuns.refresh();
    if (touched.has('coverage')) coverage.refresh();
    if (touched.has('rounds')) setRoundChanges((n) => n + 1);
    if (latestEvent.current > shownVersion.current) refreshProject();
  };
  const events = useProjectEvents(projectId, onNewEvents);
  const latestVersion = Math.max(events.latestVersion, project.version);
  const viewedEvent = useMemo(
    () => (viewVersion === null ? undefined : events.events.find((e) => e.streamVersion === viewVersion)),
    [events.events, viewVersion],
  );
  const pastMessages = useMemo(() => snapshotMessages(snapshot), [snapshot]);
  const pastUsage = useMemo(() => (snapshot ? snapshotUsage(snapshot) : undefined), [snapshot]);

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

  const liveArtifactList = artifacts.data?.artifacts;
  const artifactList = travelling ? snapshot?.artifacts : liveArtifactList;
  const [selectedPath, setSelectedPath] = useState<string | null>(null);
  const [markedLine, setMarkedLine] = useState<MarkedLine | null>(null);
  const markRequests = useRef(0);
  const userChoseFile = useRef(false);
  useEffect(() => {
    if (userChoseFile.current || selectedPath || !liveArtifactList?.length) return;
    setSelectedPath(defaultFile(liveArtifactList));
  }, [liveArtifactList, selectedPath]);
  const selectFile = useCallback((path: string) => {
    userChoseFile.current = true;
    setSelectedPath(path);
    setMarkedLine(null);
  }, []);
  const openFile = useCallback(
    (path: string, line: number | null = null) => {
      selectFile(path);
      // A new request each time, so asking for the same line again scrolls to it again.
      markRequests.current += 1;
      if (line !== null) setMarkedLine({ line, request: markRequests.current });
      jumpToPanel('files');
    },
    [selectFile],
  );
  const openMessageFile = useCallback((path: string) => openFile(path), [openFile]);

  const pendingCount = actionList?.filter((a) => a.status === 'PENDING').length ?? 0;
  useEffect(() => {
    document.title = `${pendingCount ? `(${pendingCount}) ` : ''}${project.name} · BotArmy`;
  }, [project.name, pendingCount]);

  const running = project.status === 'ACTIVE' || project.status === 'WAITING' || project.status === 'PAUSED';
  const agentList = agents.data?.agents;
  // The project's agents are its pipeline, in order.
  const pipeline = useMemo(() => (agentList ?? []).map((a) => a.name), [agentList]);
  const runList = testRuns.data?.testRuns;
  // What the panels show: the live read models, or the snapshot while time travelling.
  const shown = travelling
    ? {
        project: snapshot?.project ?? project,
        actions: snapshot?.actions,
        agents: snapshot?.agents,
        testRuns: snapshot?.testRuns,
        messages: pastMessages,
        usage: pastUsage,
        // undefined while the snapshot's coverage is on its way, null when that version has none
        coverage: history.loading && !history.coverage ? undefined : history.coverage,
        coverageError: history.coverageError,
      }
    : {
        project,
        actions: actionList,
        agents: agentList,
        testRuns: runList,
        messages,
        usage: usage.data?.usage,
        coverage: coverage.loaded || coverage.data ? (coverage.data?.coverage ?? (coverage.error ? undefined : null)) : undefined,
        coverageError: coverage.error,
      };
  const latestShownRun = shown.testRuns?.slice().sort((a, b) => b.round - a.round)[0];
  const locations = useCodeLocations(projectId, artifactList, shown.coverage);
  const showStories = useCallback(() => jumpToPanel('stories'), []);
  const showTestRuns = useCallback(() => jumpToPanel('tests'), []);
  const shownPending = shown.actions?.filter((a) => a.status === 'PENDING').length ?? 0;
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
    <div className={`page project-page project-${shown.project.status.toLowerCase()}${travelling ? ' project-travelling' : ''}`}>
      <p className="breadcrumb">
        <a href={projectsHref}>← All projects</a>
      </p>
      <ProjectHeader
        project={shown.project}
        proof={<CoverageSummary coverage={shown.coverage} href={projectHref(projectId)} onOpen={showStories} />}
        tools={
          travelling ? undefined : (
          <>
            {artifactList && artifactList.length > 0 && (
              <WorkspaceZipLink className="button" projectId={projectId}>
                Download .zip
              </WorkspaceZipLink>
            )}
            {running && <CancelProjectButton project={project} onCancelled={refreshAfterOwnChange} />}
            {project.forkedFrom && (
              <a className="button" href={compareHref(project.forkedFrom.projectId, projectId)}>
                Compare with origin
              </a>
            )}
          </>
          )
        }
      />
      <ErrorNotice error={refreshError} title="The project could not be refreshed" onRetry={refetchProject} />
      {!travelling && (
        <ProjectStatusBanner
          project={project}
          agents={agentList}
          actions={actionList}
          artifacts={artifactList}
          testRuns={runList}
          events={events.events}
          onJump={jumpToPanel}
        />
      )}
      <HistoryBar
        projectId={projectId}
        latestVersion={latestVersion}
        viewing={viewVersion}
        event={viewedEvent}
        snapshotProject={snapshot?.project}
        pipeline={pipeline}
        loading={history.loading}
        error={history.error}
        onRetry={history.retry}
        onView={setViewVersion}
      />
      <PageNav
        pageHref={projectHref(projectId)}
        items={[
          { id: 'agents', label: 'Agents' },
          { id: 'actions', label: 'Actions', count: shownPending || undefined, highlight: shownPending > 0 && !travelling },
          { id: 'stories', label: 'Stories', count: shown.coverage?.total || undefined },
          { id: 'messages', label: 'Conversation', count: shown.messages.totalCount ?? undefined },
          { id: 'files', label: 'Files', count: artifactList?.length || undefined },
          { id: 'tests', label: 'Tests', count: shown.testRuns?.length || undefined },
          { id: 'usage', label: 'Usage' },
          { id: 'timeline', label: 'History' },
        ]}
      />
      <AgentPanel
        projectId={projectId}
        projectStatus={shown.project.status}
        breakpoints={shown.project.breakpoints}
        confidenceThreshold={shown.project.confidenceThreshold}
        agents={shown.agents}
        error={travelling ? undefined : agents.error}
        onRetry={agents.refreshNow}
        onRetryRequested={refreshAfterOwnChange}
        readOnly={travelling}
      />
      <div className="project-grid">
        <div className="area-actions">
          <ActionQueue
            actions={shown.actions}
            fetching={travelling ? history.loading : actions.fetching}
            error={travelling ? undefined : actions.error}
            onRefresh={actions.refreshNow}
            onResponded={onResponded}
            readOnly={travelling}
          />
        </div>
        <div className="area-messages">
          <MessageList messages={shown.messages} confidenceThreshold={shown.project.confidenceThreshold} onOpenFile={openMessageFile} />
        </div>
        <div className="area-stories">
          <StoriesPanel
            projectStatus={shown.project.status}
            coverage={shown.coverage}
            error={shown.coverageError}
            onRetry={travelling ? history.retry : coverage.refreshNow}
            latestRun={latestShownRun}
            locations={locations}
            onOpenFile={openFile}
            onShowTestRuns={showTestRuns}
          />
        </div>
        <div className="area-side project-side">
          <UsagePanel usage={shown.usage} error={travelling ? undefined : usage.error} onRetry={usage.refreshNow} />
          {/* Before the timeline: the timeline sticks to the top of the column and would cover what follows it. */}
          {!running && !travelling && <ChangeRequestForm project={project} onRequested={refreshAfterOwnChange} />}
          {!running && !travelling && <ReplayPanel projectId={projectId} />}
          <EventTimeline
            events={events.events}
            pipeline={pipeline}
            projectVersion={project.version}
            error={events.error}
            onRetry={events.retry}
            viewingVersion={viewVersion}
            onView={setViewVersion}
          />
        </div>
        <div className="area-files">
          <ArtifactsPanel
            projectId={projectId}
            projectStatus={shown.project.status}
            artifacts={artifactList}
            error={travelling ? undefined : artifacts.error}
            onRetry={artifacts.refreshNow}
            selectedPath={selectedPath}
            onSelect={selectFile}
            showDownload={!travelling}
            markedLine={markedLine}
          />
        </div>
        {project.round > 1 && !travelling && (
          <div className="area-rounds">
            <RoundsPanel projectId={projectId} changes={roundChanges} />
          </div>
        )}
        <div className="area-tests">
          <TestRunsPanel
            projectStatus={shown.project.status}
            testRuns={shown.testRuns}
            error={travelling ? undefined : testRuns.error}
            onRetry={testRuns.refreshNow}
          />
        </div>
      </div>
    </div>
  );
}
