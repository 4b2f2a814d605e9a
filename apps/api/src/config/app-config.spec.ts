import { AppConfig } from './app-config.js';
import { ConfigurationError, validateEnvironment } from './environment.js';

const load = (env: Record<string, string>) => new AppConfig(validateEnvironment(env));

describe(AppConfig.name, () => {
  it('starts with embedded defaults and no configuration at all', () => {
    const config = load({});

    expect(config.port).toBe(3001);
    expect(config.role).toBe('all');
    expect(config.database.url).toBeUndefined();
    expect(config.x402).toMatchObject({ enabled: true, mode: 'mock', network: 'base-sepolia' });
    expect(config.eleven.enabled).toBe(false);
    expect(config.price.allowedDurations).toEqual([30, 60, 90, 120, 180]);
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT="abc": /],
    [{ ENABLE_X402: 'maybe' }, /^Invalid configuration: ENABLE_X402="maybe": /],
    [{ DATABASE_URL: 'mysql://nope' }, /DATABASE_URL=\(hidden\): DATABASE_URL must be a postgres/],
    [{ ROLE: 'boss' }, /ROLE="boss"/],
    [{ PRICE_BASE_USD: '0.1.2' }, /PRICE_BASE_USD="0.1.2"/],
    [{ ALLOWED_DURATIONS: '30,abc' }, /ALLOWED_DURATIONS/],
    [{ ALLOWED_DURATIONS: '1,60' }, /between 3 and 600 seconds/],
    [{ ENABLE_REAL_ELEVEN: 'true' }, /ELEVEN_API_KEY is required/],
    [{ X402_NETWORK: 'base' }, /X402_NETWORK=base is a mainnet/],
    [{ X402_NETWORK: 'eip155:8453' }, /is a mainnet/],
    [{ X402_API_KEY: 'key-id' }, /X402_PAY_TO is required/],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => load(env)).toThrow(ConfigurationError);
    expect(() => load(env)).toThrow(message);
  });

  it('never repeats a secret in its error', () => {
    expect(() => load({ ADMIN_TOKEN: 'short' })).toThrow('ADMIN_TOKEN=(hidden)');
  });

  it('selects modules by role', () => {
    expect(load({ ROLE: 'api' })).toMatchObject({ runsApi: true, runsWorker: false });
    expect(load({ ROLE: 'worker' })).toMatchObject({ runsApi: false, runsWorker: true });
    expect(load({ ROLE: 'all' })).toMatchObject({ runsApi: true, runsWorker: true });
  });
});
