import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type Attributes, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { NextFunction, Request, Response } from 'express';
import { routeTemplate } from './metrics';

/**
 * OpenTelemetry traces, on only when OTEL_EXPORTER_OTLP_ENDPOINT is set (spans go there over
 * OTLP/HTTP; the exporter reads the usual OTEL_EXPORTER_OTLP_* and OTEL_BSP_* variables). Off,
 * nothing is installed: no middleware, no context propagation, no header, so it costs nothing.
 * W3C trace context travels in `traceparent` HTTP headers and, through outbox rows and event
 * metadata, in the CloudEvents distributed-tracing extension (`ce_traceparent` Kafka header).
 */
let provider: TracerProvider | null = null;

export function tracingEnabled(): boolean {
  return provider !== null;
}

/** Once per process, before the apps start; `serviceName` is the resource's `service.name`. */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (provider || !env.OTEL_EXPORTER_OTLP_ENDPOINT) return provider !== null;
  provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
        // The SDK's own env handling does not read OTEL_BSP_SCHEDULE_DELAY here: tests set it short.
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter(), scheduledDelayMillis: Number(env.OTEL_BSP_SCHEDULE_DELAY) || undefined })],
  });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return true;
}

/** Sends the spans still buffered; on shutdown. */
export async function stopTracing(): Promise<void> {
  await provider?.shutdown().catch(() => undefined);
}

/** The current span's W3C `traceparent`, to store with what this work records; none when tracing is off. */
export function currentTraceparent(): string | undefined {
  if (!provider) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** Adds `traceparent` (and `tracestate`) of the current span to an outgoing call's headers. */
export function withTraceHeaders(headers: Record<string, string>): Record<string, string> {
  if (provider) propagation.inject(context.active(), headers);
  return headers;
}

function parentOf(traceparent: string | undefined): Context {
  return traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
}

/** Runs `work` in a span that continues the trace of `traceparent` (a stored or received context). */
export function inSpan<T>(
  name: string,
  options: { readonly traceparent?: string; readonly kind: SpanKind; readonly attributes?: Attributes },
  work: () => Promise<T>,
): Promise<T> {
  if (!provider) return work();
  const parent = parentOf(options.traceparent);
  const span = trace.getTracer('credits').startSpan(name, { kind: options.kind, attributes: options.attributes }, parent);
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** A SERVER span per request, child of the caller's `traceparent`; named by route template once routed. Install only when tracing is on. */
export function httpTracingMiddleware(service: string) {
  const tracer = trace.getTracer(service);
  return (req: Request, res: Response, next: NextFunction): void => {
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer.startSpan(req.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'service.component': service } }, parent);
    res.once('finish', () => {
      const route = routeTemplate(req);
      span.updateName(`${req.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}

export { SpanKind };
