import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApiApp, createWorkerContext } from './bootstrap.js';
import { ConfigurationError, loadAppConfig } from './config/app-config.js';
import { RedisUnavailableError } from './redis/redis-endpoint.js';

async function main() {
  const config = loadAppConfig();

  if (!config.runsApi) {
    await createWorkerContext(config);
    new Logger('Main').log({ msg: 'radio402 worker has started', role: config.role });

    return;
  }

  const app = await createApiApp(config);
  await app.listen({ port: config.port, host: config.host });
  new Logger('Main').log({
    msg: `radio402 is listening on http://localhost:${config.port}`,
    role: config.role,
    payments: config.x402.enabled ? config.x402.mode : 'off',
    music: config.eleven.enabled ? 'elevenlabs' : 'mock',
  });
}

main().catch((error: unknown) => {
  const expected = error instanceof ConfigurationError || error instanceof RedisUnavailableError;
  const text = expected ? (error as Error).message : ((error as Error)?.stack ?? String(error));
  process.stderr.write(`radio402: ${expected ? '' : 'failed to start: '}${text}\n`);
  process.exit(1);
});
