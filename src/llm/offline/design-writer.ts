import type { AgentInput } from '../../domain/agents/agent';
import type { AnalystOutput } from '../../domain/agents/analyst';
import type { ApiEndpoint, ArchitectOutput } from '../../domain/agents/architect';
import { writeAnalysis } from './analysis-writer';
import { criterionKind } from './criteria';
import { listWords, withArticle } from './naming';
import { type Resource, operationsOf, resourcesOf, storiesAsking } from './resources';
import { actionSegment } from './rule';
import { type ImplementedRule, implementedRules } from './rule-code';

const STORE_COMPONENT = 'store (src/lib/store.js)';
const HTTP_COMPONENT = 'http helpers (src/lib/http.js)';
const ROUTER_COMPONENT = 'router (src/app.js)';
const SERVER_COMPONENT = 'server (src/server.js)';


/** "Each of products and carts has a module that owns" or "The expenses module owns". */
function owners(resources: Resource[]): string {
  if (resources.length === 1) return `The ${resources[0].spokenPlural} module owns`;
  return `Each of ${listWords(resources.map((r) => r.spokenPlural))} has a module that owns`;
}

function endpointsOf(r: Resource, rules: readonly ImplementedRule[]): ApiEndpoint[] {
  const ops = operationsOf(r);
  const required = r.fields.filter((f) => f.required).map((f) => f.name);
  const endpoints: ApiEndpoint[] = [
    {
      method: 'GET',
      path: r.path,
      description: `List every ${r.spoken} (200, JSON array).`,
      story_ids: storiesAsking(r, ['list', 'create']),
    },
    {
      method: 'POST',
      path: r.path,
      description: `Create ${withArticle(r.spoken)} from a JSON body; ${required.join(', ')} required; 201 with the record and its id, 400 when invalid.`,
      story_ids: storiesAsking(r, ['create', 'reject']),
    },
    {
      method: 'GET',
      path: `${r.path}/:id`,
      description: `Fetch one ${r.spoken} by id (200), 404 when there is none.`,
      story_ids: storiesAsking(r, ['get', 'list']),
    },
  ];
  if (ops.update) {
    endpoints.push({
      method: 'PATCH',
      path: `${r.path}/:id`,
      description: `Change some fields of ${withArticle(r.spoken)} (200), 400 when a value is invalid, 404 when there is none.`,
      story_ids: storiesAsking(r, ['update']),
    });
  }
  if (ops.remove) {
    endpoints.push({
      method: 'DELETE',
      path: `${r.path}/:id`,
      description: `Remove ${withArticle(r.spoken)} (204), 404 when there is none.`,
      story_ids: storiesAsking(r, ['remove']),
    });
  }
  for (const x of rules) {
    if (x.rule.kind !== 'action') continue;
    const refused = rules.filter((y) => y.rule.kind === 'forbid' && y.functionName === x.functionName);
    endpoints.push({
      method: 'POST',
      path: `${r.path}/:id/${actionSegment(x.rule.action)}`,
      description: `${x.rule.action[0].toUpperCase()}${x.rule.action.slice(1)} ${withArticle(r.spoken)} that is ${x.rule.from.join(' or ')}; it becomes ${x.rule.to} (200), 409 from any other status, 404 when there is none.`,
      story_ids: [...new Set([...x.criterionIds, ...refused.flatMap((y) => y.criterionIds)].map((id) => id.split('.')[0]))],
    });
  }
  return endpoints;
}

function concernsOf(analysis: AnalystOutput, resources: Resource[], rules: readonly ImplementedRule[][], input: AgentInput): string[] {
  const concerns = ['Records live in memory and vanish on restart; the store module is the one place to swap for a database.'];
  const enforced = new Set(rules.flat().flatMap((x) => x.criterionIds));
  if (enforced.size > 0) concerns.push(`Rules enforced by the API (400 for a refused value, 409 for a limit or a status): ${[...enforced].join(', ')}.`);
  const open = analysis.user_stories
    .flatMap((s) => s.acceptance_criteria)
    .filter((c) => criterionKind(c.text) === 'rule' && !enforced.has(c.id));
  if (open.length > 0) {
    concerns.push(`${open.length} rule(s) are not enforced by the API yet and need a person's check or later work: ${open.map((c) => c.id).join(', ')}.`);
  }
  const actors = [...new Set(analysis.user_stories.map((s) => s.as_a))];
  if (actors.length > 1) concerns.push(`There is no sign-in: ${listWords(actors)} can all call every endpoint until roles are added.`);
  const orphans = resources.filter((r) => r.storyIds.length === 0).map((r) => r.spoken);
  if (orphans.length > 0) concerns.push(`No story names ${listWords(orphans)}; their endpoints are there for the data model only.`);
  if (analysis.confidence < 0.7) concerns.push('The analysis was not confident; this design may change once the open questions are answered.');
  for (const g of input.guidance) concerns.push(`Guidance noted: "${g}". The offline architect keeps the standard-library design; a person should check it is met.`);
  return concerns;
}

/** How sure the design is: the share of stories an endpoint serves, never far above the analysis it rests on. */
function confidenceOf(analysis: AnalystOutput, endpoints: ApiEndpoint[]): number {
  const cited = new Set(endpoints.flatMap((e) => e.story_ids));
  const stories = analysis.user_stories.length;
  const coverage = stories === 0 ? 0 : analysis.user_stories.filter((s) => cited.has(s.id)).length / stories;
  const score = Math.min(0.55 + 0.35 * coverage, analysis.confidence + 0.15);
  return Math.round(Math.max(0.1, score) * 100) / 100;
}

/** The architect's answer: a small modular Node.js service with a module per entity, designed from the analysis. */
export function writeDesign(input: AgentInput): ArchitectOutput {
  const analysis = input.analysis ?? writeAnalysis(input);
  const resources = resourcesOf(analysis);
  const rules = resources.map((r) => implementedRules(r, resources));
  const endpoints = resources.flatMap((r, i) => endpointsOf(r, rules[i]));
  const modules = resources.map((r) => `${r.spoken} module (src/${r.file}.js)`);
  return {
    architecture: {
      style: 'Modular monolith: one Node.js HTTP service, one module per entity',
      overview:
        `A dependency-free Node.js 20 service. ${owners(resources)} an in-memory store (with validation) and the HTTP ` +
        `handler for REST routes; a small router sends ` +
        `each request to the module whose path matches and answers JSON. ${endpoints.length} endpoints cover ` +
        `${analysis.user_stories.length} user stories.`,
    },
    components: [
      { name: STORE_COMPONENT, responsibility: 'Keeps records of one kind in a Map, gives ids and validates fields by type and presence.', depends_on: [] },
      { name: HTTP_COMPONENT, responsibility: 'Reads JSON bodies, writes JSON answers and maps a collection path to list/create/get/update/remove.', depends_on: [STORE_COMPONENT] },
      ...resources.map((r, i) => ({
        name: modules[i],
        responsibility: `Declares the ${r.spoken} fields (${r.fields.map((f) => `${f.name}: ${f.type}${f.required ? ', required' : ''}`).join('; ')}) and serves ${r.path}.`,
        depends_on: [STORE_COMPONENT, HTTP_COMPONENT],
      })),
      { name: ROUTER_COMPONENT, responsibility: 'Creates one store per module and routes each request to the module that owns its path; 404 otherwise.', depends_on: modules },
      { name: SERVER_COMPONENT, responsibility: 'Starts the router on the PORT environment variable.', depends_on: [ROUTER_COMPONENT] },
    ],
    tech_stack: [
      { layer: 'runtime', choice: 'Node.js 20, standard library only (node:http)', reason: 'Nothing to install, so the project runs and tests anywhere Node runs.' },
      { layer: 'storage', choice: 'In-memory store (Map per entity)', reason: 'Enough to prove the stories; one module to replace with a database later.' },
      { layer: 'api', choice: 'REST with JSON bodies', reason: 'One collection path per entity maps directly onto the stories.' },
      { layer: 'tests', choice: 'node:test and node:assert', reason: 'Built into Node 20; `node --test` finds test/ by itself.' },
    ],
    api_design: endpoints,
    deployment_plan: [
      'Run the tests: npm test (node --test).',
      'Start the service: PORT=3000 npm start (node src/server.js).',
      'Put it behind a reverse proxy that terminates TLS.',
      'Before real use, replace the in-memory store with a database and add sign-in.',
    ],
    confidence: confidenceOf(analysis, endpoints),
    concerns: concernsOf(analysis, resources, rules, input),
  };
}
