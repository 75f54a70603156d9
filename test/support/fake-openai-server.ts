import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ANSWERS } from './agent-fixtures';

export type AgentKey = keyof typeof ANSWERS;

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; schema: unknown } };
  max_tokens?: number;
}

/** One scripted reply. With nothing else set, the agent's valid fixture answer. */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** The answer's content as an object (serialised) or raw text. */
  answer?: unknown;
  text?: string;
  /** Never answer (until the client gives up). */
  hang?: boolean;
  /** Answer after this long. */
  delayMs?: number;
  /** The error message of a non-200 reply. */
  errorMessage?: string;
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** The model the answer claims to come from; by default the one asked for. */
  model?: string;
  /** Why the answer stopped; `length` is an answer cut at the token limit. */
  finishReason?: string;
}

export interface RecordedRequest {
  agent: AgentKey;
  body: ChatRequest;
  /** As received, credentials included: a script can echo them back like a careless server. */
  headers: IncomingHttpHeaders;
  at: number;
}

export type Script = (request: RecordedRequest, calls: RecordedRequest[]) => Reply | undefined;

/**
 * A fake OpenAI-compatible chat completions server on a random loopback port, so tests exercise the real
 * `openai` SDK path: structured-output requests, status codes, Retry-After, hung connections.
 */
export class FakeOpenAiServer {
  readonly requests: RecordedRequest[] = [];
  script: Script = () => undefined;
  private readonly hung = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly baseURL: string,
  ) {}

  static async start(): Promise<FakeOpenAiServer> {
    let self: FakeOpenAiServer | null = null;
    const server = createServer((req, res) => self!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    self = new FakeOpenAiServer(server, `http://127.0.0.1:${port}/v1`);
    return self;
  }

  requestsFor(agent: AgentKey): RecordedRequest[] {
    return this.requests.filter((r) => r.agent === agent);
  }

  async close(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString()) as ChatRequest;
    const recorded: RecordedRequest = { agent: agentOf(body), body, headers: req.headers, at: Date.now() };
    this.requests.push(recorded);
    const reply = this.script(recorded, this.requests) ?? {};
    if (reply.hang) {
      this.hung.add(res);
      return;
    }
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    const status = reply.status ?? 200;
    if (status !== 200) {
      res.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify({ error: { message: reply.errorMessage ?? `scripted ${status}`, type: 'scripted' } }));
      return;
    }
    const content = reply.text ?? JSON.stringify(reply.answer ?? ANSWERS[recorded.agent]());
    res.writeHead(200, { 'content-type': 'application/json', ...reply.headers });
    res.end(
      JSON.stringify({
        id: `chatcmpl-${this.requests.length}`,
        object: 'chat.completion',
        created: 0,
        model: reply.model ?? body.model,
        choices: [{ index: 0, finish_reason: reply.finishReason ?? 'stop', message: { role: 'assistant', content } }],
        usage: { ...(reply.usage ?? { prompt_tokens: 100, completion_tokens: 50 }), total_tokens: 0 },
      }),
    );
  }
}

function agentOf(body: ChatRequest): AgentKey {
  const name = body.response_format?.json_schema?.name;
  if (name && name in ANSWERS) return name as AgentKey;
  const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
  const found = (Object.keys(ANSWERS) as AgentKey[]).find((a) => system.includes(a === 'analyst' ? 'business analyst' : a === 'tester' ? 'test engineer' : a));
  if (!found) throw new Error(`cannot tell which agent sent: ${system.slice(0, 80)}`);
  return found;
}
