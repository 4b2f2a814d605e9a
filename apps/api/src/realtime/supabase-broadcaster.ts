import { Logger } from '@nestjs/common';
import type { BusEvent } from '@radio402/station';
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import type { RealtimeBroadcaster } from './realtime-broadcaster.js';

const SEND_TIMEOUT_MS = 5_000;
const MAX_PENDING = 200;

export interface SupabaseBroadcasterOptions {
  url: string;
  serviceRoleKey: string;
  channel: string;
}

/**
 * Supabase Realtime broadcast over REST: `channel.httpSend(event, payload)` posts to
 * `/realtime/v1/api/broadcast/{channel}/events/{event}` and resolves only on 202, so every other
 * answer is a rejection we log. Sends run one after another, so one process never reorders its
 * own events; a failure is logged and dropped (clients resync from GET /api/station by seq).
 */
export class SupabaseBroadcaster implements RealtimeBroadcaster {
  private readonly logger = new Logger(SupabaseBroadcaster.name);
  private readonly client: SupabaseClient;
  private readonly channel: RealtimeChannel;
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(private readonly options: SupabaseBroadcasterOptions) {
    this.client = createClient(options.url, options.serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      // Node 20 has no global WebSocket; the channel is never joined, but the client wants one.
      realtime: { transport: WebSocket as never },
    });
    // Never subscribed: httpSend is REST only, so no socket is opened.
    this.channel = this.client.channel(options.channel);
  }

  send(event: BusEvent): void {
    if (this.pending >= MAX_PENDING) {
      this.logger.warn({
        msg: 'Supabase broadcast backlog is full; the event was dropped',
        seq: event.seq,
        event: event.type,
      });

      return;
    }

    this.pending += 1;
    this.tail = this.tail.then(() => this.deliver(event)).finally(() => (this.pending -= 1));
  }

  flush(): Promise<void> {
    return this.tail;
  }

  private async deliver(event: BusEvent): Promise<void> {
    const payload = {
      seq: event.seq,
      server_time: event.server_time,
      ...(event.payload as Record<string, unknown>),
    };

    try {
      await this.channel.httpSend(event.type, payload, { timeout: SEND_TIMEOUT_MS });
    } catch (error) {
      this.logger.warn({
        msg: 'Supabase Realtime broadcast failed; listeners on Supabase missed this event',
        seq: event.seq,
        event: event.type,
        channel: this.options.channel,
        err: error,
      });
    }
  }
}
