/** A public event as `GET /v1/events` sends it (API.md). */
export interface PublicEvent {
  readonly position: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly recordedAt: string;
  readonly schemaVersion: number;
}

export interface HttpFeedOptions {
  /** Base URL of the API, e.g. http://127.0.0.1:3000 */
  readonly url: string;
  /** A bearer token with the subscriber (or analyst/admin) role. */
  readonly token?: string;
  /** Resume after this position (exclusive); null = from the start. */
  readonly from: string | null;
  /** Handles one event; the feed advances only after it resolves (at-least-once, in order). */
  readonly onEvent: (event: PublicEvent) => Promise<void>;
  readonly signal?: AbortSignal;
  /** Back-off between reconnects. */
  readonly retryMs?: number;
  /** Called when a connection fails, before the back-off. */
  readonly onError?: (error: unknown) => void;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Follows the NDJSON feed (`follow=true`) from `from`, reconnecting after any failure from the last
 * handled position, so a consumer sees every event once and in order as long as it records the
 * position together with its own side effects. Returns the last handled position when aborted.
 */
export async function followHttpFeed(options: HttpFeedOptions): Promise<string | null> {
  let position = options.from;
  while (!options.signal?.aborted) {
    try {
      const query = new URLSearchParams({ follow: 'true', ...(position ? { from: position } : {}) });
      const response = await fetch(`${options.url}/v1/events?${query}`, {
        headers: {
          accept: 'application/x-ndjson',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (!response.ok || !response.body) throw new Error(`feed answered ${response.status}`);
      let buffered = '';
      const decoder = new TextDecoder();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          newline = buffered.indexOf('\n');
          if (!line) continue;
          const event = JSON.parse(line) as PublicEvent;
          await options.onEvent(event);
          position = event.position;
        }
      }
    } catch (error) {
      if (options.signal?.aborted) break;
      options.onError?.(error);
    }
    await sleep(options.retryMs ?? 1000, options.signal);
  }
  return position;
}
