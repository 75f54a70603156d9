import type { Request, Response } from 'express';
import { ZipFile } from 'yazl';
import { streamIdProblem } from '../domain/stream-id';
import type { Services } from '../graphql/context';
import { coverageOf } from '../projections/coverage-projection';
import { errorBody } from './json-errors';
import { proofMarkdown } from './proof-markdown';

/** GET /projects/:id/workspace.zip — the latest version of every file and PROOF.md, streamed as a zip. */
export function workspaceZipHandler(services: Services) {
  return async (req: Request, res: Response): Promise<void> => {
    const id = String(req.params.id);
    const problem = streamIdProblem(id);
    if (problem) {
      res.status(400).json(errorBody(`not a project id: ${problem}`, 'BAD_REQUEST'));
      return;
    }
    const project = await services.queries.project(id);
    if (!project) {
      res.status(404).json(errorBody(`project ${id} not found`, 'NOT_FOUND'));
      return;
    }
    const files = await services.queries.artifacts(id, { withContent: true });
    const coverage = await services.queries.coverage(id);
    const zip = new ZipFile();
    const mtime = new Date(project.updatedAt);
    for (const file of files) zip.addBuffer(Buffer.from(file.content, 'utf8'), `${slug(project.name)}/${file.path}`, { mtime });
    if (coverage) {
      // The team's own PROOF.md, if it wrote one, keeps its name.
      const name = files.some((f) => f.path === 'PROOF.md') ? 'PROOF.botarmy.md' : 'PROOF.md';
      zip.addBuffer(Buffer.from(proofMarkdown(project.name, coverageOf(coverage)), 'utf8'), `${slug(project.name)}/${name}`, { mtime });
    }
    zip.end();
    res.setHeader('content-type', 'application/zip');
    res.setHeader('content-disposition', `attachment; filename="${slug(project.name)}.zip"`);
    zip.outputStream.pipe(res);
  };
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'project';
}
