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

function requirePathOf(file: string): string {
  return `../${file}`;
}

function moduleOf(file: SourceFile): ModuleContract | undefined {
  const names = exportedNames(file.content);
  const storeFactory = names.find((n) => /^create\w+Store$/.test(n));
  const handlerFactory = names.find((n) => /^create\w+Handler$/.test(n));
  const fieldsExport = names.find((n) => /Fields$/.test(n));
  const route = /createResourceHandler\(\s*'([^']+)'\s*,\s*\w+\s*,\s*\{\s*update:\s*(true|false),\s*remove:\s*(true|false)\s*\}/.exec(file.content);
  if (!storeFactory || !handlerFactory || !fieldsExport || !route) return undefined;
  const fields = fieldsOf(file.content, fieldsExport);
  if (!fields || !fields.some((f) => f.required)) return undefined;
  return {
    file: file.path,
    requirePath: requirePathOf(file.path),
    fieldsExport,
    storeFactory,
    handlerFactory,
    path: route[1],
    update: route[2] === 'true',
    remove: route[3] === 'true',
    fields,
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
