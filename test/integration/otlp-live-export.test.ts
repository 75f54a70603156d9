import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

interface OtlpSpan {
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string }[];
}
type TraceRequest = { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
const spansOf = (request: TraceRequest): OtlpSpan[] => request.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));

/** A stand-in OpenTelemetry Collector on loopback: takes OTLP/HTTP JSON requests and keeps them. */
async function startCollector() {
  const requests: { path: string; body: TraceRequest }[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    requests.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString()) });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('the live trace (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('sends each span once as it ends, the same spans botarmy export --otlp writes', async () => {
    const collector = await startCollector();
    const data = { BOTARMY_DATA_DIR: join(dir.path, 'data'), LLM_PROVIDER: 'offline' };
    try {
      const run = await runCli(['run', 'A help desk where customers open tickets and agents resolve them.'], {
        ...data,
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
      });
      expect(run.code).toBe(0);
      const projectId = /^project: (\S+)/m.exec(run.stdout)![1];

      expect(collector.requests.length).toBeGreaterThan(1);
      expect(new Set(collector.requests.map((r) => r.path))).toEqual(new Set(['/v1/traces']));
      const sent = collector.requests.flatMap((r) => spansOf(r.body));
      expect(new Set(sent.map((s) => s.spanId)).size).toBe(sent.length);
      // Spans go as they end: the workflow span, which ends with the project, goes in the last request.
      expect(collector.requests.slice(0, -1).every((r) => spansOf(r.body).every((s) => s.parentSpanId))).toBe(true);
      expect(spansOf(collector.requests[collector.requests.length - 1].body).map((s) => s.name)).toContain('invoke_workflow botarmy');
      // Asked for, the prompts and answers go too.
      expect(sent.filter((s) => s.name.startsWith('chat ')).every((s) => s.attributes.some((a) => a.key === 'gen_ai.input.messages'))).toBe(true);

      const file = join(dir.path, 'trace.json');
      expect((await runCli(['export', projectId, '--otlp', file, '--otlp-messages'], data)).code).toBe(0);
      const exported = spansOf(JSON.parse(readFileSync(file, 'utf8')));
      const bySpanId = (a: OtlpSpan, b: OtlpSpan) => a.spanId.localeCompare(b.spanId);
      expect([...sent].sort(bySpanId)).toEqual([...exported].sort(bySpanId));
    } finally {
      await collector.close();
    }
  }, 60_000);
});
