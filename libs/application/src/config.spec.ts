import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('works with zero configuration', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.tokens.size).toBe(0);
    expect(config.eventStoreConnectionString).toBeNull();
    expect(config.runProjections).toBe(true);
  });

  it("reports every invalid setting at once, the register rules and other owners' FLR_RULE_* included", () => {
    const env = {
      PORT: 'eighty',
      FLR_RULE_YEARLY_CHANGE_LIMIT: 'two',
      FLR_RULE_DEATH_END_DATE: 'never',
      FLR_RULE_CAPITATION_FORMULA: 'weekly',
    };
    const capitation = (settings: Readonly<Record<string, string>>) =>
      settings.FLR_RULE_CAPITATION_FORMULA === 'weekly'
        ? ['FLR_RULE_CAPITATION_FORMULA must be by-period, twelfth or days']
        : [];
    let error: unknown;
    try {
      loadConfig(env, [capitation]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('PORT'),
        expect.stringContaining('FLR_RULE_YEARLY_CHANGE_LIMIT'),
        expect.stringContaining('FLR_RULE_DEATH_END_DATE'),
        expect.stringContaining('FLR_RULE_CAPITATION_FORMULA'),
      ]),
    );
    expect(() => loadConfig({ FLR_RULE_YEARLY_CHANGE_LIMIT: '3' })).not.toThrow();
  });

  it('parses tokens with their roles', () => {
    const config = loadConfig({ FLR_TOKENS: 'a1:admin, b2:analyst,c3:subscriber' });
    expect([...config.tokens]).toEqual([
      ['a1', 'admin'],
      ['b2', 'analyst'],
      ['c3', 'subscriber'],
    ]);
  });

  it('keeps a non-loopback HOST only when tokens are configured', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0', FLR_TOKENS: 't:admin' }).host).toBe('0.0.0.0');
  });

  const OIDC = {
    FLR_OIDC_ISSUER: 'https://helseid-sts.test.nhn.no',
    FLR_OIDC_AUDIENCE: 'nhn:flr',
    FLR_OIDC_JWKS_URL: 'https://helseid-sts.test.nhn.no/.well-known/openid-configuration/jwks',
  };

  it('zero configuration turns authentication off (loopback only)', () => {
    expect(loadConfig({}).authDisabled).toBe(true);
    expect(loadConfig({}).oidc).toBeNull();
  });

  it('parses OpenID Connect settings with the default scope mapping', () => {
    const config = loadConfig({ ...OIDC, HOST: '0.0.0.0' });
    expect(config.authDisabled).toBe(false);
    expect(config.host).toBe('0.0.0.0');
    expect(config.oidc).toMatchObject({
      issuer: OIDC.FLR_OIDC_ISSUER,
      audience: ['nhn:flr'],
      ninScope: 'flr/nin',
    });
    expect([...(config.oidc?.roleScopes ?? [])]).toEqual([
      ['flr/admin', 'admin'],
      ['flr/analyst', 'analyst'],
      ['flr/subscriber', 'subscriber'],
    ]);
  });

  it('names every missing or invalid OpenID Connect setting', () => {
    const error = (() => {
      try {
        loadConfig({
          FLR_OIDC_ISSUER: 'https://x',
          FLR_OIDC_JWKS_URL: 'ftp://x',
          FLR_OIDC_ROLE_SCOPES: 'a:root',
        });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.problems.join('\n')).toMatch(/FLR_OIDC_AUDIENCE is required/);
    expect(error.problems.join('\n')).toMatch(/FLR_OIDC_JWKS_URL must be an http\(s\) URL/);
    expect(error.problems.join('\n')).toMatch(/FLR_OIDC_ROLE_SCOPES entries must be scope:role/);
  });

  it('refuses static tokens and a missing OpenID Connect set-up when NODE_ENV=production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...OIDC, FLR_TOKENS: 't:admin' })).toThrow(
      /FLR_TOKENS .* refused when NODE_ENV=production/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/NODE_ENV=production needs OpenID Connect/);
    expect(loadConfig({ NODE_ENV: 'production', ...OIDC }).tokens.size).toBe(0);
  });

  it('does not run projections in the API on EventStoreDB unless asked to', () => {
    expect(
      loadConfig({ EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' }).runProjections,
    ).toBe(false);
    expect(
      loadConfig({
        EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
        FLR_RUN_PROJECTIONS: 'true',
      }).runProjections,
    ).toBe(true);
  });

  it('collects the FLR_RULE_ settings verbatim', () => {
    expect(loadConfig({ FLR_RULE_WAITING_LIST_FROM: '2016-11-21' }).ruleSettings).toEqual({
      FLR_RULE_WAITING_LIST_FROM: '2016-11-21',
    });
  });

  it('refuses invalid values and names every problem', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: 'abc', FLR_TOKENS: 'nocolon', EVENTSTORE_CONNECTION_STRING: 'http://x' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toHaveLength(3);
  });

  it('takes a log level in any case, and names an unknown one instead of failing inside the logger', () => {
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ LOG_LEVEL: ' Debug ' }).logLevel).toBe('debug');
    expect(loadConfig({ LOG_LEVEL: 'silent' }).logLevel).toBe('silent');
    expect(() => loadConfig({ LOG_LEVEL: 'log' })).toThrow(ConfigError);
    try {
      loadConfig({ LOG_LEVEL: 'log' });
    } catch (e) {
      expect((e as ConfigError).problems).toEqual([
        'LOG_LEVEL must be one of fatal|error|warn|info|debug|trace|silent',
      ]);
    }
  });
});
