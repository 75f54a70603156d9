import { useEffect, useMemo, useState } from 'react';
import { useClient } from 'urql';
import { ARTIFACT_QUERY } from '../queries';
import type { Artifact, ArtifactVersion, CodeLocation, Coverage } from '../types';

/** A place in a file: what the Files panel opens, the line marked when it is known. */
export interface FileLine {
  path: string;
  line: number | null;
}

export interface CodeLocations {
  /** Where a test is written: the test file holding its name (or, failing that, its criterion's id). */
  test(name: string, criterionId: string): FileLine | null;
  /** Where a criterion is implemented: the file, at the function's definition when it can be found. */
  code(location: CodeLocation): FileLine | null;
  /** The file of a path as the project has it (a leading `./` or `/` is not part of it). */
  file(path: string): Artifact | null;
}

const TEST_PATH = /(^|\/)(tests?|__tests__|spec)\/|[.-](test|spec)\.[cm]?[jt]sx?$/i;

export function normalizePath(path: string): string {
  return path.replace(/^(\.\/|\/)+/, '');
}

function lineOf(content: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i += 1) if (content.charCodeAt(i) === 10) line += 1;
  return line;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The first place the test's name is written: as it is, or escaped as a string literal would have it. */
function findTestName(content: string, name: string): number {
  const forms = [name, JSON.stringify(name).slice(1, -1), name.replace(/'/g, "\\'")];
  for (const form of forms) {
    const at = content.indexOf(form);
    if (at >= 0) return at;
  }
  return -1;
}

/** Where a function is defined: `function name(`, `name = (…) =>`, `name: function`, a method `name(…) {`. */
function findFunction(content: string, name: string): number {
  const n = escapeRegExp(name);
  const patterns = [
    new RegExp(`\\bfunction\\s*\\*?\\s*${n}\\s*\\(`),
    new RegExp(`\\b(?:const|let|var)\\s+${n}\\s*=`),
    new RegExp(`(?:^|[\\s,{])${n}\\s*[:=]\\s*(?:async\\s*)?(?:function\\b|\\(|[A-Za-z_$][\\w$]*\\s*=>)`, 'm'),
    new RegExp(`^\\s*(?:static\\s+)?(?:async\\s+)?${n}\\s*\\([^)]*\\)\\s*\\{`, 'm'),
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(content);
    if (match) return match.index + match[0].indexOf(name);
  }
  return -1;
}

/**
 * Finds the code behind the Stories view's links. The coverage names tests and functions, not lines, so the
 * test files and the implementing files are read (each version once: a version's content never changes, so
 * urql's cache answers again) and searched. Only the files the coverage points at are read.
 */
export function useCodeLocations(projectId: string, artifacts: Artifact[] | undefined, coverage: Coverage | null | undefined): CodeLocations {
  const client = useClient();
  const byPath = useMemo(() => new Map((artifacts ?? []).map((a) => [normalizePath(a.path), a])), [artifacts]);

  const wanted = useMemo(() => {
    const criteria = (coverage?.stories ?? []).flatMap((s) => s.criteria);
    const files = new Map<string, Artifact>();
    if (criteria.some((c) => c.tests.length > 0)) {
      for (const [path, artifact] of byPath) if (TEST_PATH.test(path)) files.set(path, artifact);
    }
    for (const c of criteria) {
      for (const place of c.implementedIn) {
        const artifact = place.function ? byPath.get(normalizePath(place.file)) : undefined;
        if (artifact) files.set(normalizePath(place.file), artifact);
      }
    }
    return [...files.values()].sort((a, b) => a.path.localeCompare(b.path));
  }, [byPath, coverage]);

  // path@version → content
  const [contents, setContents] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let live = true;
    const missing = wanted.filter((a) => !contents.has(`${a.path}@${a.version}`));
    if (missing.length === 0) return;
    void Promise.all(
      missing.map(async (a) => {
        const result = await client
          .query<{ artifact: ArtifactVersion | null }>(ARTIFACT_QUERY, { projectId, path: a.path, version: a.version }, { requestPolicy: 'cache-first' })
          .toPromise();
        return [`${a.path}@${a.version}`, result.data?.artifact?.content ?? null] as [string, string | null];
      }),
    ).then((read) => {
      if (!live) return;
      const found = read.filter((r): r is [string, string] => r[1] !== null);
      if (found.length) setContents((c) => new Map([...c, ...found]));
    });
    return () => {
      live = false;
    };
  }, [client, projectId, wanted, contents]);

  return useMemo(() => {
    const testFiles = wanted.filter((a) => TEST_PATH.test(normalizePath(a.path)));
    const contentOf = (a: Artifact) => contents.get(`${a.path}@${a.version}`);
    return {
      file: (path) => byPath.get(normalizePath(path)) ?? null,
      test(name, criterionId) {
        for (const a of testFiles) {
          const content = contentOf(a);
          const at = content === undefined ? -1 : findTestName(content, name);
          if (at >= 0) return { path: a.path, line: lineOf(content!, at) };
        }
        for (const a of testFiles) {
          const content = contentOf(a);
          const at = content === undefined ? -1 : content.indexOf(criterionId);
          if (at >= 0) return { path: a.path, line: lineOf(content!, at) };
        }
        const first = testFiles[0];
        return first ? { path: first.path, line: null } : null;
      },
      code(location) {
        const artifact = byPath.get(normalizePath(location.file));
        if (!artifact) return null;
        const content = location.function ? contentOf(artifact) : undefined;
        const at = content === undefined || !location.function ? -1 : findFunction(content, location.function);
        return { path: artifact.path, line: at >= 0 ? lineOf(content!, at) : null };
      },
    };
  }, [byPath, wanted, contents]);
}
