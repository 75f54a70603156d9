import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the nearest folder above this file with our package.json, from src/ and from dist/ alike. */
export const PACKAGE_ROOT = findRoot(__dirname);

export const APP_VERSION: string = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;

/** Where `npm run build` puts the dashboard and playground. */
export const CLIENT_DIST = join(PACKAGE_ROOT, 'dist', 'client');

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).name === 'botarmy') return dir;
    if (dirname(dir) === dir) throw new Error(`no botarmy package.json above ${start}`);
  }
}
