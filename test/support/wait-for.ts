/** Polls until the check passes or the deadline is reached; returns how long it took. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  { timeoutMs = 10_000, intervalMs = 100, what = 'condition' } = {},
): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }

  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}
