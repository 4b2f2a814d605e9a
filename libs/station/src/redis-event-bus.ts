import type { Redis } from 'ioredis';

export interface BusEvent<T = unknown> {
  seq: number;
  type: string;
  server_time: string;
  payload: T;
}

export type BusHandler = (event: BusEvent) => void;

export interface RedisEventBusOptions {
  channel: string;
  /** The counter behind `seq`; it must outlive restarts, or clients would ignore new events. */
  seqKey: string;
  onError?: (error: unknown) => void;
  now?: () => Date;
}

// INCR and PUBLISH in one script, so messages reach subscribers in seq order even with many
// publishers; two round trips would let a later seq overtake an earlier one.
const PUBLISH_SCRIPT = `local seq = redis.call('INCR', KEYS[1])
redis.call('PUBLISH', ARGV[1], '{"seq":' .. string.format('%d', seq) .. ',' .. ARGV[2])
return seq`;

/** Station events over Redis pub/sub: at most once, in order, numbered by one global seq. */
export class RedisEventBus {
  private readonly handlers = new Set<BusHandler>();
  private readonly onError: (error: unknown) => void;
  private readonly now: () => Date;
  private subscriber: Promise<Redis> | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisEventBusOptions,
  ) {
    this.onError = options.onError ?? ((error) => console.error(error));
    this.now = options.now ?? (() => new Date());
  }

  async publish<T>(type: string, payload: T): Promise<BusEvent<T>> {
    const server_time = this.now().toISOString();
    // The script prepends the seq to this object, hence the missing opening brace.
    const rest = JSON.stringify({ type, server_time, payload }).slice(1);
    const seq = await this.redis.eval(
      PUBLISH_SCRIPT,
      1,
      this.options.seqKey,
      this.options.channel,
      rest,
    );

    return { seq: Number(seq), type, server_time, payload };
  }

  /** Resolves once Redis confirms the subscription; the returned function unsubscribes. */
  async subscribe(handler: BusHandler): Promise<() => void> {
    this.handlers.add(handler);

    try {
      await (this.subscriber ??= this.connectSubscriber());
    } catch (error) {
      this.handlers.delete(handler);
      this.subscriber = null;
      throw error;
    }

    return () => this.handlers.delete(handler);
  }

  /** Closes the subscriber connection; the publishing connection belongs to the caller. */
  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    this.handlers.clear();

    if (subscriber !== null) {
      await (await subscriber).quit();
    }
  }

  private async connectSubscriber(): Promise<Redis> {
    // A connection in subscribe mode cannot run other commands, so it is never the caller's.
    // It must queue SUBSCRIBE until it has connected, whatever the caller's connection allows.
    const subscriber = this.redis.duplicate({ enableOfflineQueue: true });
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.options.channel) {
        this.deliver(message);
      }
    });
    subscriber.on('error', (error) => this.onError(error));

    try {
      await subscriber.subscribe(this.options.channel);
    } catch (error) {
      subscriber.disconnect();
      throw error;
    }

    return subscriber;
  }

  private deliver(message: string): void {
    let event: BusEvent;

    try {
      event = JSON.parse(message) as BusEvent;
    } catch (error) {
      this.onError(error);

      return;
    }

    for (const handler of this.handlers) {
      try {
        handler(event);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
