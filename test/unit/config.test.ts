import { assertSafeToServe, ConfigError, isLoopbackHost, loadConfig } from '../../src/server/config';

describe('configuration from the environment', () => {
  it('takes defaults for every unset or empty variable', () => {
    const config = loadConfig({ PORT: '', LLM_MODEL: '' });
    expect(config).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      synchronous: 'FULL',
      llm: { provider: 'offline', model: 'gpt-4o-mini', concurrency: 4, stepTimeoutMs: 300_000 },
      sandbox: { choice: 'auto', timeoutMs: 60_000, memoryMb: 256, allowWeakSandboxOffLoopback: false },
      access: { apiToken: undefined, allowedOrigins: [], maxSubscriptionsPerConnection: 100, mutationsPerMinute: 120 },
    });
  });

  it('reads numbers, lists, flags and case-insensitive choices', () => {
    const config = loadConfig({
      PORT: '0',
      BOTARMY_SQLITE_SYNCHRONOUS: 'normal',
      BOTARMY_ALLOWED_ORIGINS: 'https://a.example, https://b.example ,',
      BOTARMY_ALLOW_WEAK_SANDBOX: 'yes',
      LLM_PROVIDER: 'OFFLINE',
      LLM_API_KEY: 'sk-x',
      BOTARMY_STEP_TIMEOUT_MS: '1500',
    });
    expect(config.port).toBe(0);
    expect(config.synchronous).toBe('NORMAL');
    expect(config.access.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.sandbox.allowWeakSandboxOffLoopback).toBe(true);
    expect(config.llm.provider).toBe('offline');
    expect(config.llm.stepTimeoutMs).toBe(1500);
  });

  it('sends a live trace only when an OTLP endpoint is set, to its traces path, with messages only when asked', () => {
    expect(loadConfig({}).traces).toEqual({ url: null, messages: false });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318/', OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' }).traces).toEqual({
      url: 'http://127.0.0.1:4318/v1/traces',
      messages: true,
    });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example/base' }).traces.url).toBe('https://otel.example/base/v1/traces');
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  it('selects the OpenAI-compatible provider when a key or a base URL is set', () => {
    expect(loadConfig({ OPENAI_API_KEY: 'sk-x' }).llm.provider).toBe('openai-compatible');
    expect(loadConfig({ LLM_BASE_URL: 'http://127.0.0.1:11434/v1' }).llm).toMatchObject({ provider: 'openai-compatible', apiKey: undefined });
  });

  it('keeps the log in SQLite under the data dir unless a PostgreSQL URL is given', () => {
    expect(loadConfig({}).databaseUrl).toBeNull();
    expect(loadConfig({ BOTARMY_DATABASE_URL: 'postgresql://bot:pw@db:5432/botarmy' }).databaseUrl).toBe('postgresql://bot:pw@db:5432/botarmy');
  });

  it.each([
    [{ PORT: '70000' }, /PORT must be a port number/],
    [{ PORT: 'abc' }, /PORT must be a whole number/],
    [{ LLM_CONCURRENCY: '0' }, /LLM_CONCURRENCY must be a whole number of at least 1, got "0"/],
    [{ BOTARMY_SQLITE_SYNCHRONOUS: 'sometimes' }, /BOTARMY_SQLITE_SYNCHRONOUS/],
    [{ LLM_PROVIDER: 'magic' }, /LLM_PROVIDER/],
    [{ BOTARMY_API_TOKEN: 'short' }, /BOTARMY_API_TOKEN must be at least 16 characters/],
    [{ BOTARMY_SANDBOX: 'chroot' }, /BOTARMY_SANDBOX/],
    [{ BOTARMY_DATABASE_URL: 'mysql://db/botarmy' }, /BOTARMY_DATABASE_URL must be a postgres:\/\/ URL/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('tells loopback binds from the rest', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.4', 'example.org', '127.0.0.1.example.org']) expect(isLoopbackHost(host)).toBe(false);
  });

  it('refuses to serve beyond loopback without a token, and serves with one', () => {
    expect(() => assertSafeToServe(loadConfig({}), '0.0.0.0')).toThrow(/BOTARMY_API_TOKEN/);
    expect(() => assertSafeToServe(loadConfig({}), '127.0.0.1')).not.toThrow();
    expect(() => assertSafeToServe(loadConfig({ BOTARMY_API_TOKEN: 'a-long-enough-token' }), '0.0.0.0')).not.toThrow();
  });
});
