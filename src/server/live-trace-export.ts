import { type ExportResult, ExportResultCode, hrTimeToMilliseconds } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { Logger } from 'pino';
import type { EventBus } from '../events/event-bus';
import type { EventStore } from '../events/event-store';
import { projectSpans, type TraceOptions } from '../history/otlp-trace';

export interface LiveTraceDeps {
  store: EventStore;
  bus: EventBus;
  exporter: SpanExporter;
  logger: Logger;
  options: TraceOptions;
}

interface Tracked {
  /** Spans that ended before this process first saw the project were sent by the process before it. */
  sinceMs: number;
  sent: Set<string>;
  /** A flush is queued and has not read the log yet: it will read whatever arrives meanwhile too. */
  queued: boolean;
  tail: Promise<void>;
}

/**
 * Sends each project's spans to an OTLP endpoint as they end in the log, while the server runs. The spans are
 * those `botarmy export --otlp` writes, ids and all, so a live trace and a later export agree. A span still open
 * waits for its end; one that could not be sent goes with the project's next event.
 */
export class LiveTraceExport {
  private readonly projects = new Map<string, Tracked>();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: LiveTraceDeps) {}

  start(): void {
    this.unsubscribe ??= this.deps.bus.subscribe((event) => this.schedule(event.streamId, Date.parse(event.recordedAt)));
  }

  /** Stops listening, sends what is queued, and shuts the exporter down. */
  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await Promise.all([...this.projects.values()].map((p) => p.tail));
    await this.deps.exporter.shutdown();
  }

  private schedule(projectId: string, atMs: number): void {
    let project = this.projects.get(projectId);
    if (!project) {
      project = { sinceMs: atMs, sent: new Set(), queued: false, tail: Promise.resolve() };
      this.projects.set(projectId, project);
    }
    if (project.queued) return;
    project.queued = true;
    const tracked = project;
    tracked.tail = tracked.tail.then(() => {
      tracked.queued = false;
      return this.flush(projectId, tracked);
    });
  }

  private async flush(projectId: string, project: Tracked): Promise<void> {
    try {
      const spans = projectSpans(await this.deps.store.readStream(projectId), this.deps.options);
      const ended = spans.filter((s) => !('botarmy.unfinished' in s.attributes) && hrTimeToMilliseconds(s.endTime) >= project.sinceMs);
      const fresh = ended.filter((s) => !project.sent.has(s.spanContext().spanId));
      if (fresh.length === 0) return;
      const result = await this.send(fresh);
      if (result.code !== ExportResultCode.SUCCESS) {
        this.deps.logger.warn({ projectId, spans: fresh.length, error: result.error?.message }, 'trace export failed; the spans go with the next event');
        return;
      }
      for (const s of fresh) project.sent.add(s.spanContext().spanId);
      // The workflow span ends last: a project that ended is forgotten until it has new events (an edit reopens it).
      if (!project.queued && fresh.some((s) => !s.parentSpanContext)) this.projects.delete(projectId);
    } catch (error) {
      this.deps.logger.warn({ projectId, error: (error as Error).message }, 'trace export failed');
    }
  }

  private send(spans: ReadableSpan[]): Promise<ExportResult> {
    return new Promise((resolve) => this.deps.exporter.export(spans, resolve));
  }
}
