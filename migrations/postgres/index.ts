import { CreateEventLogPostgres1764000000000 } from './1764000000000-create-event-log';
import { CreateReadModelsPostgres1764000000001 } from './1764000000001-create-read-models';
import { IndexCommitOrderPostgres1764000000002 } from './1764000000002-index-commit-order';
import { AddRoundPostgres1764000000003 } from './1764000000003-add-round';
import { StoreLargeColumnsUncompressedPostgres1764000000004 } from './1764000000004-store-large-columns-uncompressed';
import { FileContentsFromTheLogPostgres1764000000005 } from './1764000000005-file-contents-from-the-log';
import { SpecFromTheLogPostgres1764000000006 } from './1764000000006-spec-from-the-log';
import { SentMessageDataFromTheLogPostgres1764000000007 } from './1764000000007-sent-message-data-from-the-log';

/** PostgreSQL's own migrations, oldest first: its SQL stays in its adapter, the SQLite list is `../index.ts`. */
export const POSTGRES_MIGRATIONS = [
  CreateEventLogPostgres1764000000000,
  CreateReadModelsPostgres1764000000001,
  IndexCommitOrderPostgres1764000000002,
  AddRoundPostgres1764000000003,
  StoreLargeColumnsUncompressedPostgres1764000000004,
  FileContentsFromTheLogPostgres1764000000005,
  SpecFromTheLogPostgres1764000000006,
  SentMessageDataFromTheLogPostgres1764000000007,
];
