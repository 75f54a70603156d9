import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { enclosingFunctionNames, type SourcePosition } from './function-names';

export interface SourceFile {
  path: string;
  content: string;
}

/** One mutant as the instrumenter placed it, before any test ran. */
export interface PlacedMutant {
  id: string;
  file: string;
  /** Line from 1, column from 0. */
  line: number;
  column: number;
  functionName: string | null;
  mutator: string;
  original: string;
  replacement: string;
}

export interface Instrumented {
  /** The files given, each holding all its mutants behind switches (`__STRYKER_ACTIVE_MUTANT__` picks one). */
  files: SourceFile[];
  mutants: PlacedMutant[];
  /** "stryker-instrumenter 9.6.1" */
  tool: string;
}

/** The code could not be mutated, most often because it does not parse. */
export class InstrumentError extends Error {
  override readonly name = 'InstrumentError';
}

/** Longest `original` / `replacement` kept: enough to recognise the change, not a whole function body. */
const SNIPPET_CHARS = 120;

/** What one instrumentation may use; babel on hostile code must not take the server's heap with it. */
const WORKER_HEAP_MB = 512;

interface StrykerMutant {
  id: string;
  fileName: string;
  mutatorName: string;
  replacement: string;
  /** Stryker counts lines from 0 here. */
  location: { start: SourcePosition; end: SourcePosition };
}

type WorkerAnswer = { ok: true; version: string; files: SourceFile[]; mutants: StrykerMutant[] } | { ok: false; message: string };

/**
 * Runs in a worker thread: Stryker's instrumenter is an ES module (loaded with `import()`, which works wherever
 * this file is loaded from, jest included), and babel's CPU time stays off the server's event loop. It is
 * built without Stryker's dependency injection: `new Instrumenter(logger)` takes babel's parser, printer and
 * Stryker's mutators as defaults.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const quiet = () => false;
const logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, isTraceEnabled: quiet, isDebugEnabled: quiet, isInfoEnabled: quiet, isWarnEnabled: quiet, isErrorEnabled: quiet, isFatalEnabled: quiet };
import(workerData.instrumenterUrl)
  .then(({ Instrumenter }) =>
    new Instrumenter(logger).instrument(
      workerData.files.map((f) => ({ name: f.path, content: f.content, mutate: true })),
      { plugins: null, excludedMutations: [], ignorers: [] },
    ),
  )
  .then(
    (result) => parentPort.postMessage({
      ok: true,
      version: require(workerData.packageJson).version,
      files: result.files.map((f) => ({ path: f.name, content: f.content })),
      mutants: result.mutants.map(({ id, fileName, mutatorName, replacement, location }) => ({ id, fileName, mutatorName, replacement, location })),
    }),
    (error) => parentPort.postMessage({ ok: false, message: String((error && error.message) || error) }),
  );
`;

/** Places Stryker's mutants in the given JavaScript files. Throws InstrumentError when it cannot. */
export async function instrument(files: readonly SourceFile[]): Promise<Instrumented> {
  const packageJson = require.resolve('@stryker-mutator/instrumenter/package.json');
  const instrumenterUrl = pathToFileURL(join(dirname(packageJson), 'dist/src/index.js')).href;
  const answer = await inWorker({ instrumenterUrl, packageJson, files: files.map(({ path, content }) => ({ path, content })) });
  if (!answer.ok) throw new InstrumentError(answer.message);
  const sources = new Map(files.map((f) => [f.path, f.content]));
  const names = new Map<string, (string | null)[]>();
  for (const [path, content] of sources) {
    const positions = answer.mutants.filter((m) => m.fileName === path).map((m) => ({ line: m.location.start.line + 1, column: m.location.start.column }));
    names.set(path, enclosingFunctionNames(content, positions));
  }
  const seen = new Map<string, number>();
  const mutants = answer.mutants.map((m): PlacedMutant => {
    const index = seen.get(m.fileName) ?? 0;
    seen.set(m.fileName, index + 1);
    return {
      id: m.id,
      file: m.fileName,
      line: m.location.start.line + 1,
      column: m.location.start.column,
      functionName: names.get(m.fileName)?.[index] ?? null,
      mutator: m.mutatorName,
      original: snippet(textBetween(sources.get(m.fileName) ?? '', m.location.start, m.location.end)),
      replacement: snippet(m.replacement),
    };
  });
  return { files: answer.files, mutants, tool: `stryker-instrumenter ${answer.version}` };
}

function inWorker(workerData: { instrumenterUrl: string; packageJson: string; files: SourceFile[] }): Promise<WorkerAnswer> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    let answered = false;
    const answer = (value: WorkerAnswer) => {
      if (answered) return;
      answered = true;
      resolve(value);
      void worker.terminate();
    };
    worker.once('message', answer);
    worker.once('error', (error) => answer({ ok: false, message: error.message }));
    worker.once('exit', (code) => answer({ ok: false, message: `the instrumenter stopped (exit code ${code}) without an answer` }));
  });
}

/** Source text between two Stryker positions (lines from 0). */
function textBetween(source: string, start: SourcePosition, end: SourcePosition): string {
  const lines = source.split('\n');
  const offset = (p: SourcePosition) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.column;
  return source.slice(offset(start), offset(end));
}

/** One line, at most SNIPPET_CHARS: a block of twenty lines is told by its start. */
function snippet(code: string): string {
  const flat = code.replace(/\s+/g, ' ').trim();
  return flat.length <= SNIPPET_CHARS ? flat : `${flat.slice(0, SNIPPET_CHARS - 1)}…`;
}
