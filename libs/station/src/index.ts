export * from './station-clock.js';
export * from './station-store.js';
export * from './station-advancer.js';
export * from './station-timer.js';
export * from './in-memory-station-store.js';
export * from './leader-lease.js';
export * from './with-timeout.js';
export * from './sse-hub.js';
