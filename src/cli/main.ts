import 'reflect-metadata';
import { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { EVENT_TYPES } from '../events/catalog';
import { exportJsonLines, importJsonLines } from '../history/export-import';
import { gitHistoryOf } from '../history/git-history';
import { otlpTraceJson } from '../history/otlp-trace';
import { readModelDigest } from '../history/read-model-digest';
import { divergenceReport } from '../history/divergence-report';
import { forkProject } from '../app/fork-project';
import { verifyLog } from '../history/verify-chain';
import { type App, createApp, rebuildReadModels } from '../server/app';
import { createLogger } from '../server/logger';
import { diffProjects } from './diff-command';
import { doctorReport } from './doctor';
import { writeGitRepository } from './git-repository';
import { runHeadless } from './run-command';
import { protectTextArguments } from './text-arguments';
import { loadConfig, loadDotEnv } from '../server/config';
import { startHttpServer } from '../server/http-server';
import { APP_VERSION } from '../server/package-info';

const program = new Command();
program.name('botarmy').description('An AI software team in a box.').version(APP_VERSION);

program
  .command('serve')
  .description('serve the GraphQL API, the playground and the dashboard on one port')
  .option('-p, --port <port>', 'port (default: PORT or 4000)')
  .option('-H, --host <host>', 'host to bind (default: HOST or 127.0.0.1)')
  .action(async (opts: { port?: string; host?: string }) => {
    const config = loadConfig({ ...process.env, ...(opts.port ? { PORT: opts.port } : {}), ...(opts.host ? { HOST: opts.host } : {}) });
    const app = await createApp(config);
    const server = await startHttpServer(app);
    await app.startWorkflow();
    process.stdout.write(`BotArmy ${APP_VERSION} is running:\n  dashboard   ${server.url}/\n  playground  ${server.url}/graphql\n  data        ${config.dataDir}\n`);
    const shutdown = async (signal: string) => {
      app.logger.info({ signal }, 'shutting down');
      await server.close();
      await app.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  });

program
  .command('run')
  .description('run one project headless from requirements to tested code, printing progress')
  .argument('[requirements]', 'the product requirements (a text starting with "-" is fine)')
  .option('-n, --name <name>', 'project name (default: the first words of the requirements)')
  .option('-f, --file <path>', 'read the requirements from a file ("-" for standard input)')
  .action(async (text: string | undefined, opts: { name?: string; file?: string }) => {
    const requirements = textOrFile(text, opts.file, 'the requirements');
    process.exitCode = await runHeadless({ requirements, name: opts.name });
  });

program
  .command('change')
  .description('ask for more of a project that ended, and run that round headless: the team amends its work and every test, old and new, must pass')
  .argument('<projectId>')
  .argument('[change]', 'what should change, in your words (a text starting with "-" is fine)')
  .option('-f, --file <path>', 'read the change from a file ("-" for standard input)')
  .action(async (projectId: string, text: string | undefined, opts: { file?: string }) => {
    process.exitCode = await runHeadless({ projectId, change: textOrFile(text, opts.file, 'the change') });
  });

program
  .command('events')
  .description("print a project's events, one JSON envelope per line")
  .argument('<projectId>')
  .option('-t, --type <types...>', 'only these event types')
  .action(async (projectId: string, opts: { type?: string[] }) =>
    withApp(async (app) => {
      const unknown = (opts.type ?? []).filter((t) => !(EVENT_TYPES as string[]).includes(t));
      if (unknown.length) throw new Error(`unknown event type ${unknown.join(', ')}; the types are ${EVENT_TYPES.join(', ')}`);
      const events = await app.store.readStream(projectId);
      if (events.length === 0) throw new Error(`project ${projectId} not found`);
      const shown = events.filter((e) => !opts.type || opts.type.includes(e.type));
      process.stdout.write(exportJsonLines(shown));
    }),
  );

program
  .command('export')
  .description("write a project's events as JSON Lines (to stdout, or to --out), its trace as OpenTelemetry spans (--otlp), or its work as a git repository (--git)")
  .argument('<projectId>')
  .option('-o, --out <file>', 'write to this file')
  .option('--otlp <file>', 'write the trace as OTLP/JSON spans with the GenAI semantic conventions')
  .option('--otlp-messages', 'put prompts, answers and people’s words in the trace too')
  .option('--git <dir>', 'write the workspace as a new git repository: a commit per accepted step, edit and change, a tag per round')
  .action(async (projectId: string, opts: { out?: string; otlp?: string; otlpMessages?: boolean; git?: string }) =>
    withApp(async (app) => {
      if (opts.otlpMessages && !opts.otlp) throw new Error('--otlp-messages goes with --otlp <file>');
      const events = await app.store.readStream(projectId);
      if (events.length === 0) throw new Error(`project ${projectId} not found`);
      if (opts.git) {
        const written = writeGitRepository(opts.git, gitHistoryOf(events));
        process.stderr.write(`wrote ${written.commits} commits of ${projectId} to ${opts.git}${written.tags.length ? ` (tags ${written.tags.join(', ')})` : ''}\n`);
        if (!opts.out && !opts.otlp) return;
      }
      if (opts.otlp) {
        writeFileSync(opts.otlp, otlpTraceJson(events, { messages: opts.otlpMessages === true }));
        process.stderr.write(`exported the trace of ${projectId} to ${opts.otlp}\n`);
      }
      const text = exportJsonLines(events);
      if (opts.out) {
        writeFileSync(opts.out, text);
        process.stderr.write(`exported ${events.length} events of ${projectId} to ${opts.out}\n`);
      } else if (!opts.otlp) process.stdout.write(text);
    }),
  );

program
  .command('import')
  .description('load an exported project into this database')
  .argument('<file>', 'a file written by botarmy export')
  .option('--as <id>', 'import under this project id')
  .option('--rename', 'import under a new project id')
  .action(async (file: string, opts: { as?: string; rename?: boolean }) =>
    withApp(async (app) => {
      const as = opts.as ?? (opts.rename ? app.services.commands.newId() : undefined);
      const result = await importJsonLines(app.store, readFileSync(file, 'utf8'), app.services.commands.newId, as ? { as } : {});
      process.stdout.write(`imported ${result.events} events as project ${result.streamId}\n`);
    }),
  );

program
  .command('digest')
  .description("print a digest of a project's read models, to compare two databases")
  .argument('<projectId>')
  .action(async (projectId: string) =>
    withApp(async (app) => {
      if (!(await app.services.queries.project(projectId))) throw new Error(`project ${projectId} not found`);
      const { digest, rows } = await readModelDigest(app.db.reader, app.projections.projections, projectId);
      process.stdout.write(`${digest}  ${projectId} (${rows} read-model rows)\n`);
    }),
  );

program
  .command('replay')
  .description("re-run today's workflow against a project's recorded LLM answers and compare it with the log")
  .argument('<projectId>')
  .option('--fork', 'on a divergence, fork the project at the last identical version so it carries on live')
  .action(async (projectId: string, opts: { fork?: boolean }) =>
    withApp(async (app) => {
      const recorded = await app.store.readStream(projectId);
      if (recorded.length === 0) throw new Error(`project ${projectId} not found`);
      const result = await app.services.replay(recorded);
      if (result.identical) {
        process.stdout.write(`identical: ${result.compared} events replayed and compared\n`);
        return;
      }
      process.stdout.write(divergenceReport(result.divergence!, result.compared));
      if (opts.fork) {
        const forkId = await forkProject(app.store, app.services.commands.newId, projectId, Math.max(1, result.compared), {});
        process.stdout.write(`forked at version ${Math.max(1, result.compared)} to carry on live: ${forkId} (the server runs it)\n`);
      }
      process.exitCode = 1;
    }),
  );

program
  .command('diff')
  .description('put two projects side by side (typically a fork and its origin): stories, design, files, tests, tokens, duration and where their logs part')
  .argument('<a>', 'a project id, typically the origin')
  .argument('<b>', 'another project id, typically the fork')
  .action(async (a: string, b: string) =>
    withApp(async (app) => {
      process.stdout.write(await diffProjects(app.store, a, b));
    }),
  );

program
  .command('verify')
  .description('check the hash chain of every stream in the log')
  .action(async () =>
    withApp(async (app) => {
      const report = await verifyLog(app.store);
      for (const b of report.broken) {
        process.stdout.write(`BROKEN ${b.streamId} at version ${b.streamVersion} (global position ${b.globalPosition}): ${b.reason}\n`);
      }
      process.stdout.write(`${report.broken.length ? 'broken' : 'ok'}: ${report.streams} streams, ${report.events} events checked\n`);
      if (report.broken.length) process.exitCode = 1;
    }),
  );

program
  .command('doctor')
  .description('say which sandbox, model, data directory and access rules this configuration gives')
  .action(async () =>
    withApp(async (app) => {
      const lines = await doctorReport(app);
      for (const l of lines) process.stdout.write(`${l.ok ? 'ok  ' : 'WARN'} ${l.check.padEnd(8)} ${l.detail}\n`);
      if (lines.some((l) => !l.ok)) process.exitCode = 1;
    }),
  );

program
  .command('rebuild')
  .description('drop every read model and rebuild it from the event log')
  .action(async () =>
    withApp(async (app) => {
      const count = await rebuildReadModels(app);
      process.stdout.write(`rebuilt read models from ${count} events\n`);
    }),
  );

/** A text given as an argument or read from a file ("-": standard input); one of them, and not blank. */
function textOrFile(text: string | undefined, file: string | undefined, what: string): string {
  if (text !== undefined && file !== undefined) throw new Error(`give ${what} as text or with --file, not both`);
  const read = file !== undefined ? readFileSync(file === '-' ? 0 : file, 'utf8') : (text ?? '');
  if (!read.trim()) throw new Error(`${what} must not be empty (give it as text or with --file)`);
  return read;
}

/** A command that opens the database quietly, does its work and closes it. */
async function withApp(work: (app: App) => Promise<void>): Promise<void> {
  const app = await createApp(loadConfig(), { logger: createLogger(process.env.LOG_LEVEL ?? 'warn', 2) });
  try {
    await work(app);
  } finally {
    await app.close();
  }
}

loadDotEnv();
// A reader that stops early (`botarmy events … | head -1`) has all it wanted: that is an end, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});
program.parseAsync(protectTextArguments(process.argv)).catch((error: unknown) => {
  process.stderr.write(`botarmy: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
