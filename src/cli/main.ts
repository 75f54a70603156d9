import 'reflect-metadata';
import { Command } from 'commander';
import { createApp, rebuildReadModels } from '../server/app';
import { runHeadless } from './run-command';
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
  .argument('<requirements>', 'the product requirements')
  .option('-n, --name <name>', 'project name (default: the first words of the requirements)')
  .action(async (requirements: string, opts: { name?: string }) => {
    if (!requirements.trim()) throw new Error('requirements must not be empty');
    process.exitCode = await runHeadless(requirements, opts);
  });

program
  .command('rebuild')
  .description('drop every read model and rebuild it from the event log')
  .action(async () => {
    const app = await createApp(loadConfig());
    const count = await rebuildReadModels(app);
    await app.close();
    process.stdout.write(`rebuilt read models from ${count} events\n`);
  });

loadDotEnv();
program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`botarmy: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
