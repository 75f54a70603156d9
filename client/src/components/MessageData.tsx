import type { ReactNode } from 'react';
import { formatBytes } from '../format';
import type { Json } from '../types';

// A handoff's `data` is the sending agent's whole structured output. These views render the parts people
// read; anything missing or shaped differently is skipped (the raw JSON stays one click away).

type JsonObject = { [key: string]: Json };

function obj(value: Json | undefined): JsonObject | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

function list(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

function objects(value: Json | undefined): JsonObject[] {
  return list(value).map(obj).filter((o): o is JsonObject => o !== null);
}

function text(value: Json | undefined): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

function texts(value: Json | undefined): string[] {
  return list(value).map(text).filter((t): t is string => t !== null);
}

export type HandoffKind = 'analyst' | 'architect' | 'developer' | 'tester' | 'testRun';

/** Which agent's output this is, by its shape (the sender's name alone could be a retry or a fork). */
export function handoffKind(data: Json | null | undefined): HandoffKind | null {
  const o = obj(data ?? undefined);
  if (!o) return null;
  if (Array.isArray(o.user_stories)) return 'analyst';
  if (obj(o.architecture) || Array.isArray(o.api_design)) return 'architect';
  if (Array.isArray(o.test_plan) || Array.isArray(o.test_files)) return 'tester';
  if (Array.isArray(o.files) || Array.isArray(o.implementation_plan)) return 'developer';
  if (text(o.runId) && Array.isArray(o.tests)) return 'testRun';
  return null;
}

interface MessageDataProps {
  data: Json | null;
  /** Shows a file in the Files panel (paths become buttons when given). */
  onOpenFile?: (path: string) => void;
}

/** The structured part of a message, for people. Renders nothing for shapes it does not know. */
export function MessageData({ data, onOpenFile }: MessageDataProps) {
  const o = obj(data ?? undefined);
  if (!o) return null;
  switch (handoffKind(o)) {
    case 'analyst':
      return <AnalystView data={o} />;
    case 'architect':
      return <ArchitectView data={o} />;
    case 'developer':
      return <DeveloperView data={o} onOpenFile={onOpenFile} />;
    case 'tester':
      return <TesterView data={o} onOpenFile={onOpenFile} />;
    case 'testRun':
      return <TestRunView data={o} />;
    default:
      return null;
  }
}

function Section({ title, children, count }: { title: string; children: ReactNode; count?: number }) {
  return (
    <section className="data-section">
      <h4>
        {title}
        {count !== undefined && <span className="count"> ({count})</span>}
      </h4>
      {children}
    </section>
  );
}

/** Secondary lists: folded away, a click to open. */
function Folded({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <details className="data-folded">
      <summary>
        {title} ({items.length})
      </summary>
      <ul>
        {items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ul>
    </details>
  );
}

function Bullets({ items, ordered = false }: { items: string[]; ordered?: boolean }) {
  const Tag = ordered ? 'ol' : 'ul';
  return (
    <Tag className="data-list">
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </Tag>
  );
}

interface EndpointColumn {
  title: string;
  cell(endpoint: JsonObject): ReactNode;
  className?: string;
}

/** Method and path, then what the agent said about each endpoint (the architect's description, the developer's handler). */
function EndpointTable({ endpoints, columns }: { endpoints: JsonObject[]; columns: EndpointColumn[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table endpoints">
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col">Path</th>
            {columns.map((c) => (
              <th key={c.title} scope="col">
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {endpoints.map((e, i) => (
            <tr key={i}>
              <td>
                <span className={`http-method method-${(text(e.method) ?? '').toLowerCase()}`}>{text(e.method)}</span>
              </td>
              <td>
                <code>{text(e.path)}</code>
              </td>
              {columns.map((c) => (
                <td key={c.title} className={c.className}>
                  {c.cell(e)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FilePath({ path, onOpenFile }: { path: string; onOpenFile?: (path: string) => void }) {
  if (!onOpenFile) return <code className="file-path">{path}</code>;
  return (
    <button type="button" className="link-button file-path" onClick={() => onOpenFile(path)} title={`Show ${path} in Files`}>
      <code>{path}</code>
    </button>
  );
}

function AnalystView({ data }: { data: JsonObject }) {
  const stories = objects(data.user_stories);
  const entities = objects(data.entities);
  const analysis = text(data.analysis);
  return (
    <div className="message-structured analyst-view">
      {analysis && <p className="data-lead">{analysis}</p>}
      {stories.length > 0 && (
        <Section title="User stories" count={stories.length}>
          <ul className="stories">
            {stories.map((story, i) => {
              const criteria = objects(story.acceptance_criteria);
              const priority = text(story.priority);
              return (
                <li key={text(story.id) ?? i} className="story">
                  <div className="story-head">
                    <span className="story-id">{text(story.id)}</span>
                    <strong className="story-title">{text(story.title)}</strong>
                    {priority && <span className={`chip priority-chip priority-chip-${priority}`}>{priority}</span>}
                  </div>
                  {(text(story.as_a) || text(story.i_want)) && (
                    <p className="story-text">
                      As a <em>{text(story.as_a) ?? '…'}</em>, I want {text(story.i_want) ?? '…'}
                      {text(story.so_that) ? <>, so that {text(story.so_that)}</> : null}.
                    </p>
                  )}
                  {criteria.length > 0 && (
                    <ul className="criteria" aria-label={`Acceptance criteria of ${text(story.id) ?? 'the story'}`}>
                      {criteria.map((c, j) => (
                        <li key={text(c.id) ?? j}>
                          <span className="criterion-id">{text(c.id)}</span> {text(c.text)}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ul>
        </Section>
      )}
      {entities.length > 0 && (
        <Section title="Entities" count={entities.length}>
          <ul className="data-list">
            {entities.map((e, i) => (
              <li key={i}>
                <strong>{text(e.name)}</strong>
                {objects(e.fields).length > 0 && (
                  <span className="muted"> ({objects(e.fields).map((f) => `${text(f.name)}: ${text(f.type)}`).join(', ')})</span>
                )}
                {text(e.description) && <> — {text(e.description)}</>}
              </li>
            ))}
          </ul>
        </Section>
      )}
      <Folded title="Open questions" items={texts(data.open_questions)} />
      <Folded title="Risks" items={texts(data.risks)} />
      <Folded title="Success metrics" items={texts(data.success_metrics)} />
      <Folded title="Next steps" items={texts(data.next_steps)} />
    </div>
  );
}

function ArchitectView({ data }: { data: JsonObject }) {
  const architecture = obj(data.architecture);
  const components = objects(data.components);
  const endpoints = objects(data.api_design);
  const stack = objects(data.tech_stack);
  const deployment = texts(data.deployment_plan);
  const concerns = texts(data.concerns);
  return (
    <div className="message-structured architect-view">
      {architecture && (
        <Section title="Architecture">
          {text(architecture.style) && <p className="data-lead"><strong>{text(architecture.style)}</strong></p>}
          {text(architecture.overview) && <p>{text(architecture.overview)}</p>}
        </Section>
      )}
      {components.length > 0 && (
        <Section title="Components" count={components.length}>
          <ul className="data-list components">
            {components.map((c, i) => {
              const deps = texts(c.depends_on);
              return (
                <li key={i}>
                  <strong>{text(c.name)}</strong>
                  {text(c.responsibility) && <> — {text(c.responsibility)}</>}
                  {deps.length > 0 && <span className="muted"> Depends on {deps.join(', ')}.</span>}
                </li>
              );
            })}
          </ul>
        </Section>
      )}
      {endpoints.length > 0 && (
        <Section title="API endpoints" count={endpoints.length}>
          <EndpointTable
            endpoints={endpoints}
            columns={[
              { title: 'Description', cell: (e) => text(e.description) },
              { title: 'Stories', cell: (e) => texts(e.story_ids).join(', '), className: 'nowrap' },
            ]}
          />
        </Section>
      )}
      {stack.length > 0 && (
        <Section title="Tech stack">
          <dl className="stack">
            {stack.map((s, i) => (
              <div key={i}>
                <dt>{text(s.layer)}</dt>
                <dd>
                  <strong>{text(s.choice)}</strong>
                  {text(s.reason) && <span className="muted"> — {text(s.reason)}</span>}
                </dd>
              </div>
            ))}
          </dl>
        </Section>
      )}
      {deployment.length > 0 && (
        <Section title="Deployment">
          <Bullets items={deployment} ordered />
        </Section>
      )}
      {concerns.length > 0 && (
        <Section title="Concerns" count={concerns.length}>
          <Bullets items={concerns} />
        </Section>
      )}
    </div>
  );
}

function DeveloperView({ data, onOpenFile }: { data: JsonObject; onOpenFile?: (path: string) => void }) {
  const files = objects(data.files);
  const endpoints = objects(data.api_endpoints);
  const plan = texts(data.implementation_plan);
  const tables = objects(data.database_schema);
  return (
    <div className="message-structured developer-view">
      {plan.length > 0 && (
        <Section title="Implementation plan">
          <Bullets items={plan} ordered />
        </Section>
      )}
      {files.length > 0 && (
        <Section title="Files" count={files.length}>
          <ul className="file-list">
            {files.map((f, i) => {
              const path = text(f.path);
              // Handoffs name each file with its size; the content is in the Files panel.
              const size = typeof f.size === 'number' ? f.size : null;
              return path ? (
                <li key={i}>
                  <FilePath path={path} onOpenFile={onOpenFile} />
                  {size !== null && <span className="muted"> {formatBytes(size)}</span>}
                </li>
              ) : null;
            })}
          </ul>
        </Section>
      )}
      {endpoints.length > 0 && (
        <Section title="Endpoints" count={endpoints.length}>
          <EndpointTable endpoints={endpoints} columns={[{ title: 'Handler', cell: (e) => <code>{text(e.handler)}</code> }]} />
        </Section>
      )}
      {tables.length > 0 && (
        <Folded
          title="Database schema"
          items={tables.map((t) => `${text(t.table) ?? '?'}: ${objects(t.fields).map((f) => `${text(f.name)} ${text(f.type)}`).join(', ')}`)}
        />
      )}
      <Folded title="Testing notes" items={texts(data.testing_notes)} />
    </div>
  );
}

function TesterView({ data, onOpenFile }: { data: JsonObject; onOpenFile?: (path: string) => void }) {
  const plan = objects(data.test_plan);
  const files = objects(data.test_files);
  const command = texts(data.test_command);
  const expected = texts(data.expected_results);
  return (
    <div className="message-structured tester-view">
      {plan.length > 0 && (
        <Section title="Test plan" count={plan.length}>
          <ul className="test-plan">
            {plan.map((p, i) => (
              <li key={i}>
                <span className="criterion-id">{text(p.criterion_id) ?? text(p.story_id)}</span> {text(p.description)}
              </li>
            ))}
          </ul>
        </Section>
      )}
      {files.length > 0 && (
        <Section title="Test files" count={files.length}>
          <ul className="file-list">
            {files.map((f, i) => {
              const path = text(f.path);
              return path ? (
                <li key={i}>
                  <FilePath path={path} onOpenFile={onOpenFile} />
                </li>
              ) : null;
            })}
          </ul>
        </Section>
      )}
      {command.length > 0 && (
        <p className="data-command">
          Run with <code>{command.join(' ')}</code>
        </p>
      )}
      <Folded title="Expected results" items={expected} />
    </div>
  );
}

function TestRunView({ data }: { data: JsonObject }) {
  const tests = objects(data.tests);
  const failing = tests.filter((t) => t.ok === false);
  if (failing.length === 0) return null;
  return (
    <div className="message-structured">
      <Section title="Failing tests" count={failing.length}>
        <Bullets items={failing.map((t) => text(t.name) ?? '(unnamed)')} />
      </Section>
    </div>
  );
}
