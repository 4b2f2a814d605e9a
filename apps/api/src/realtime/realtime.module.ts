import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { ListenerRegistry } from './listener-registry.js';
import { NoopBroadcaster, REALTIME_BROADCASTER } from './realtime-broadcaster.js';
import { RealtimeEvents } from './realtime-events.js';
import { SupabaseBroadcaster } from './supabase-broadcaster.js';

/** Realtime events for every role: publishing, the outside broadcaster and listener counts. */
@Global()
@Module({
  providers: [
    {
      provide: REALTIME_BROADCASTER,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        config.supabase.url && config.supabase.serviceRoleKey
          ? new SupabaseBroadcaster({
              url: config.supabase.url,
              serviceRoleKey: config.supabase.serviceRoleKey,
              channel: config.supabase.realtimeChannel,
            })
          : new NoopBroadcaster(),
    },
    RealtimeEvents,
    ListenerRegistry,
  ],
  exports: [RealtimeEvents, ListenerRegistry],
})
export class RealtimeModule {}
