import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { SqliteDatabase } from '../../src/events/sqlite-database';
import { MIGRATIONS } from '../../migrations';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { PROJECTIONS } from '../../src/projections/read-models';
import { tempDir } from '../support/temp-dir';

describe('the sqlite3 driver under TypeORM', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('is not switched into verbose tracing, which would wrap every statement of the process', async () => {
    const methods = ['run', 'all', 'get', 'exec', 'prepare'] as const;
    const before = methods.map((m) => sqlite3.Database.prototype[m]);
    const db = await SqliteDatabase.open({
      file: join(dir.path, 'x.sqlite'),
      entities: new ProjectionRunner(PROJECTIONS).entities,
      migrations: MIGRATIONS,
    });
    try {
      await db.write((m) => m.query('SELECT 1'));
      expect(methods.map((m) => sqlite3.Database.prototype[m])).toEqual(before);
    } finally {
      await db.close();
    }
  });
});
