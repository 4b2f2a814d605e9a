import { AsyncLocalStorage } from 'node:async_hooks';

/** Carries the current request's id so every log line written while serving it can name it. */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();
