import type { SourceFile } from '../../domain/agents/developer';
import type { FieldType } from './field-finder';
import type { ResourceField } from './resources';

/** What a test needs to know about one entity module, read from its source rather than assumed. */
export interface ModuleContract {
  file: string;
  /** The path a test under test/ requires it by ("../src/ticket.js"). */
  requirePath: string;
  fieldsExport: string;
  storeFactory: string;
  handlerFactory: string;
  /** The collection path its handler serves ("/tickets"). */
  path: string;
  update: boolean;
  remove: boolean;
  fields: ResourceField[];
  /** The store's operations ("create", "list", …): each a function of its own the tests call by name. */
  functions: string[];
  /** The actions its handler serves at \`path/:id/<action>\`, each a store function of the same name. */
  actions: string[];
  /** Everything the module exports, which is what a test may call. */
  exports: string[];
}

export interface AppContract {
  requirePath: string;
  factory: string;
}

export interface ProjectContract {
  modules: ModuleContract[];
  app?: AppContract;
}

const FIELD_TYPES: readonly FieldType[] = ['string', 'number', 'boolean', 'date', 'id'];

function exportedNames(source: string): string[] {
  const match = /module\.exports\s*=\s*\{([^}]*)\}/.exec(source);
  if (!match) return [];
  return match[1]
    .split(',')
    .map((part) => part.split(':')[0].trim())
    .filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
}

function fieldsOf(source: string, exportName: string): ResourceField[] | undefined {
  const match = new RegExp(`const ${exportName} = (\\{[\\s\\S]*?\\n\\});`).exec(source);
  if (!match) return undefined;
  try {
    const parsed = JSON.parse(match[1]) as Record<string, { type?: string; required?: boolean }>;
    return Object.entries(parsed).map(([name, spec]) => ({
      name,
      type: FIELD_TYPES.find((t) => t === spec.type) ?? 'string',
      required: spec.required === true,
    }));
  } catch {
    return undefined;
  }
}

function actionsOf(list: string | undefined): string[] {
  if (!list) return [];
  try {
    const parsed: unknown = JSON.parse(list);
    return Array.isArray(parsed) ? parsed.filter((a): a is string => typeof a === 'string' && /^[A-Za-z_$][\w$]*$/.test(a)) : [];
  } catch {
    return [];
  }
}

function requirePathOf(file: string): string {
  return `../${file}`;
}

function moduleOf(file: SourceFile): ModuleContract | undefined {
  const names = exportedNames(file.content);
  const storeFactory = names.find((n) => /^create\w+Store$/.test(n));
  const handlerFactory = names.find((n) => /^create\w+Handler$/.test(n));
  const fieldsExport = names.find((n) => /Fields$/.test(n));
  const route = /createResourceHandler\(\s*'([^']+)'\s*,\s*\w+\s*,\s*\{\s*update:\s*(true|false),\s*remove:\s*(true|false)(?:,\s*actions:\s*(\[[^\]]*\]))?(?:,\s*guards:\s*\{[^}]*\})?\s*\}/.exec(file.content);
  if (!storeFactory || !handlerFactory || !fieldsExport || !route) return undefined;
  const fields = fieldsOf(file.content, fieldsExport);
  if (!fields || !fields.some((f) => f.required)) return undefined;
  const update = route[2] === 'true';
  const remove = route[3] === 'true';
  const declared = [...file.content.matchAll(/^ {4}(create|list|get|update|remove)\([\w, ]*\) \{$/gm)].map((m) => m[1]);
  // A module whose store is the shared one as it is offers every operation its routes use.
  const functions = declared.length > 0 ? [...new Set(declared)] : ['create', 'list', 'get', ...(update ? ['update'] : []), ...(remove ? ['remove'] : [])];
  return {
    file: file.path,
    requirePath: requirePathOf(file.path),
    fieldsExport,
    storeFactory,
    handlerFactory,
    path: route[1],
    update,
    remove,
    fields,
    functions,
    actions: actionsOf(route[4]),
    exports: names,
  };
}

/** Reads the developer's files for the entity modules and the app factory the tests can drive. */
export function readProject(files: readonly SourceFile[]): ProjectContract {
  const sources = files.filter((f) => f.path.startsWith('src/') && f.path.endsWith('.js'));
  const modules = sources.map(moduleOf).filter((m): m is ModuleContract => m !== undefined);
  const appFile = sources.find((f) => f.content.includes('createServer(') && exportedNames(f.content).length > 0);
  const factory = appFile ? exportedNames(appFile.content).find((n) => /^create/.test(n)) : undefined;
  return { modules, app: appFile && factory ? { requirePath: requirePathOf(appFile.path), factory } : undefined };
}
