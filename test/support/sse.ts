import { EventSource } from 'eventsource';

export interface ReceivedEvent {
  type: string;
  id: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- event bodies are asserted field by field
  data: Record<string, any>;
  at: number;
}

/** An EventSource on GET /api/events that records every named event it receives. */
export function openStream(baseUrl: string, headers: Record<string, string> = {}) {
  const events: ReceivedEvent[] = [];
  let errors = 0;
  const source = new EventSource(`${baseUrl}/api/events`, {
    fetch: (input, init) =>
      fetch(input, { ...init, headers: { ...(init?.headers ?? {}), ...headers } }),
  });
  for (const type of ['snapshot', 'queue_update', 'station_update']) {
    source.addEventListener(type, (event) => {
      events.push({ type, id: event.lastEventId, data: JSON.parse(event.data), at: Date.now() });
    });
  }
  source.addEventListener('error', () => (errors += 1));

  return {
    source,
    events,
    errors: () => errors,
    of: (type: string) => events.filter((event) => event.type === type),
    close: () => source.close(),
  };
}
