/** One Server-Sent Event as a client sees it. */
export interface StreamEvent {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: string;
}

export interface EventStream {
  readonly status: number;
  readonly contentType: string;
  /** the body when the server answered with something other than a stream (problem+json) */
  readonly body: string;
  readonly events: StreamEvent[];
  readonly comments: string[];
  /** resolves when the server ends the stream */
  readonly ended: Promise<void>;
  /** Waits until `done` holds for what arrived, the stream ends, or 30 s pass; returns the events for the test's assertions. */
  until(done: (stream: EventStream) => boolean): Promise<StreamEvent[]>;
  close(): void;
}

/** A fetch-based SSE client (as a browser app must use to send Authorization): parses `id`, `event`, `data` and comment lines. */
export async function openEventStream(url: string, headers: Record<string, string>): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const contentType = response.headers.get('content-type') ?? '';
  const events: StreamEvent[] = [];
  const comments: string[] = [];
  let isEnded = false;
  const isStream = response.status === 200 && contentType.startsWith('text/event-stream');
  const body = isStream ? '' : await response.text();
  const read = async () => {
    if (!isStream) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else {
              const colon = line.indexOf(':');
              fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
            }
          }
          if (fields.data !== undefined) events.push({ id: fields.id, event: fields.event ?? 'message', data: fields.data });
        }
      }
    } catch {
      // aborted by close()
    }
  };
  const ended = read().finally(() => {
    isEnded = true;
  });
  const stream: EventStream = {
    status: response.status,
    contentType,
    body,
    events,
    comments,
    ended,
    async until(done) {
      const deadline = Date.now() + 30000;
      while (!done(stream) && !isEnded && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      return events;
    },
    close: () => abort.abort(),
  };
  return stream;
}
