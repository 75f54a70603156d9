import { CreateEventLogPostgres1764000000000 } from './1764000000000-create-event-log';

/** PostgreSQL's own migrations, oldest first: its SQL stays in its adapter, the SQLite list is `../index.ts`. */
export const POSTGRES_MIGRATIONS = [CreateEventLogPostgres1764000000000];
