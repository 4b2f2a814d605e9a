import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SseHub, type BusEvent, type SseEvent, type SseResponse } from '@radio402/station';
import type { CachedSnapshot } from '../station/station-snapshot.service.js';
import { StationSnapshotService } from '../station/station-snapshot.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { ListenerRegistry } from './listener-registry.js';

export const SSE_HEARTBEAT_MS = 15_000;
export const SSE_RETRY_MS = 2_000;

/**
 * This replica's event streams: one SseHub for every client, fed from the realtime bus after the
 * snapshot has been rebuilt, so each event carries the state it produced.
 */
@Injectable()
export class SseFanout implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SseFanout.name);
  private readonly hub: SseHub;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly snapshots: StationSnapshotService,
    private readonly registry: ListenerRegistry,
    metrics: MetricsService,
  ) {
    this.hub = new SseHub({
      snapshot: () => this.snapshotEvent(),
      heartbeatMs: SSE_HEARTBEAT_MS,
      retryMs: SSE_RETRY_MS,
    });
    metrics.gauge('radio402_sse_clients', 'Open SSE connections on this replica', [], () => [
      { value: this.hub.count() },
    ]);
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = this.snapshots.onEvent((event, cached) => this.broadcast(event, cached));
    this.registry.track(() => this.hub.count());
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    // Ends every stream so the server can close; browsers reconnect to another replica.
    this.hub.close();
  }

  count(): number {
    return this.hub.count();
  }

  async connect(res: SseResponse, lastEventId?: string): Promise<void> {
    res.once('close', () => void this.registry.report());
    await this.hub.addClient(res, { lastEventId, headersSent: true });
    void this.registry.report();
  }

  private async snapshotEvent(): Promise<SseEvent> {
    const { snapshot } = await this.snapshots.get();
    const server_time = new Date().toISOString();

    return {
      id: snapshot.seq,
      event: 'snapshot',
      data: { seq: snapshot.seq, server_time, snapshot: { ...snapshot, server_time } },
    };
  }

  private broadcast(event: BusEvent, { snapshot }: CachedSnapshot): void {
    const server_time = new Date().toISOString();
    const stamped = { ...snapshot, server_time };
    const data =
      event.type === 'queue_update'
        ? {
            seq: event.seq,
            server_time,
            track: (event.payload as { track?: unknown }).track,
            snapshot: stamped,
          }
        : { seq: event.seq, server_time, snapshot: stamped };

    try {
      this.hub.broadcast({ id: event.seq, event: event.type, data });
    } catch (error) {
      this.logger.warn({ msg: 'Event could not be sent to streams', seq: event.seq, err: error });
    }
  }
}
