// Options are checked at construction (TypeError), and `serve` reads its configuration from the environment,
// refusing to start with a clear message (exit 1, no stack) when something is missing.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { createHandler, OptionError } from '../../../src/server/index.js';
import { serveOptionsFromEnv } from '../../../src/server/node.js';
import { baseOptions, newSecret, recordingLogger, SECRET } from './helpers.js';

describe('handler options', () => {
  it('refuses a missing, non-string or short client secret at construction', () => {
    for (const clientSecret of [undefined, '', 'short', 'x'.repeat(31), 42 as unknown as string]) {
      assert.throws(
        () => createHandler(baseOptions({ clientSecret: clientSecret as string })),
        (e: Error) =>
          e instanceof TypeError &&
          e instanceof OptionError &&
          e.option === 'clientSecret' &&
          /clientSecret/.test(e.message),
      );
    }
    // The message names the rule, never the value.
    try {
      createHandler(baseOptions({ clientSecret: 'not-long-enough-secret' }));
    } catch (error) {
      assert.ok(!(error as Error).message.includes('not-long-enough-secret'));
    }
    assert.doesNotThrow(() => createHandler(baseOptions({ clientSecret: 'x'.repeat(32) })));
  });

  it('refuses other bad options by name', () => {
    const bad: [string, Record<string, unknown>][] = [
      ['storeHash', { storeHash: '' }],
      ['storeHash', { storeHash: '../x' }],
      ['clientId', { clientId: undefined }],
      ['accessToken', { accessToken: ' ' }],
      ['storefrontUrl', { storefrontUrl: 'shop.example.com' }],
      ['storefrontUrl', { storefrontUrl: 'https://shop.example.com/path' }],
      ['storefrontUrl', { storefrontUrl: 'javascript:alert(1)' }],
      ['storefrontUrl', { storefrontUrl: 'https://u:p@shop.example.com' }],
      ['allowedOrigins', { allowedOrigins: 'https://a.example' }],
      ['allowedOrigins', { allowedOrigins: ['*'] }],
      ['allowedOrigins', { allowedOrigins: ['https://*.example.com'] }],
      ['apiBaseUrl', { apiBaseUrl: 'ftp://x' }],
      ['basePath', { basePath: 'bc' }],
      ['basePath', { basePath: '/bc/' }],
      ['channelId', { channelId: 0 }],
      ['timeoutMs', { timeoutMs: -1 }],
      ['rateLimit', { rateLimit: { requests: 0, windowMs: 1000 } }],
      ['rateLimit.sharedRequests', { rateLimit: { requests: 5, windowMs: 1000, sharedRequests: 0.5 } }],
      ['upstreamBudget', { upstreamBudget: 30 }],
      ['upstreamBudget.calls', { upstreamBudget: { calls: 0, windowMs: 1000 } }],
      ['upstreamBudget.windowMs', { upstreamBudget: { calls: 5, windowMs: -1 } }],
      ['quotaReserve', { quotaReserve: 1 }],
      ['quotaReserve', { quotaReserve: -0.1 }],
      ['quotaReserve', { quotaReserve: Number.NaN }],
      ['quotaReserve', { quotaReserve: '0.2' }],
      ['fetch', { fetch: 'x' }],
      ['sharedState', { sharedState: { get: async () => null, set: async () => {} } }],
      [
        'sharedState',
        { sharedState: { cache: { get: async () => null, set: async () => {} }, claim: async () => [] } },
      ],
    ];
    for (const [name, override] of bad) {
      assert.throws(
        () => createHandler(baseOptions(override)),
        (e: Error) => e instanceof TypeError && e.message.includes(name),
        name,
      );
    }
  });

  it('never logs the secret or access token, even when a log field carries one', async () => {
    const logger = recordingLogger();
    const accessToken = `tok-${newSecret()}`;
    const handler = createHandler(
      baseOptions({
        accessToken,
        logger,
        fetch: async () => {
          throw new Error(`connect failed for ${accessToken} with ${SECRET}`);
        },
        timeoutMs: 300,
      }),
    );
    const response = await handler(
      new Request('https://b.example/prices', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"currency":"USD","items":[{"productId":1}]}',
      }),
    );
    assert.equal(response.status, 502);
    const text = logger.text();
    assert.ok(text.includes('upstream_failed'));
    assert.ok(!text.includes(accessToken) && !text.includes(SECRET));
    assert.ok(text.includes('[secret]'));
  });
});

describe('serve configuration', () => {
  const env = {
    BC_STORE_HASH: 'abc123',
    BC_CLIENT_ID: 'cid',
    BC_CLIENT_SECRET: 'y'.repeat(40),
    BC_ACCESS_TOKEN: 'tok',
    BC_STOREFRONT_URL: 'https://shop.example.com',
  };

  it('reads every variable', () => {
    assert.deepEqual(
      serveOptionsFromEnv({
        ...env,
        BC_API_BASE_URL: 'http://127.0.0.1:9',
        BC_CHANNEL_ID: '2',
        BC_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
        BC_BASE_PATH: '/bc',
        PORT: '8080',
        HOST: '0.0.0.0',
      }),
      {
        storeHash: 'abc123',
        clientId: 'cid',
        clientSecret: 'y'.repeat(40),
        accessToken: 'tok',
        storefrontUrl: 'https://shop.example.com',
        apiBaseUrl: 'http://127.0.0.1:9',
        channelId: 2,
        allowedOrigins: ['https://a.example', 'https://b.example'],
        basePath: '/bc',
        port: 8080,
        host: '0.0.0.0',
      },
    );
  });

  it('reads the connection limits when set, and leaves them to listen() otherwise', () => {
    const limits = {
      BC_HEADERS_TIMEOUT_MS: '5000',
      BC_REQUEST_TIMEOUT_MS: '20000',
      BC_MAX_CONNECTIONS: '500',
      BC_MAX_CONNECTIONS_PER_ADDRESS: '0',
    };
    const options = serveOptionsFromEnv({ ...env, ...limits });
    assert.deepEqual(
      [options.headersTimeoutMs, options.requestTimeoutMs, options.maxConnections, options.maxConnectionsPerAddress],
      [5000, 20000, 500, 0],
    );
    assert.ok(!('headersTimeoutMs' in serveOptionsFromEnv(env)));
    assert.throws(
      () => serveOptionsFromEnv({ ...env, BC_MAX_CONNECTIONS: 'lots' }),
      /BC_MAX_CONNECTIONS must be a whole number/,
    );
  });

  it('reads the GraphQL routes and their credentials, and names a wrong value by its variable', () => {
    const options = serveOptionsFromEnv({
      ...env,
      BC_PRICING: 'graphql',
      BC_CHECKOUT: 'graphql',
      BC_PRIVATE_TOKEN: ' private-token ',
    });
    assert.deepEqual(
      [options.pricing, options.checkout, options.graphqlAuth, options.privateToken],
      ['graphql', 'graphql', undefined, 'private-token'],
    );
    assert.equal(serveOptionsFromEnv({ ...env, BC_GRAPHQL_AUTH: 'impersonation' }).graphqlAuth, 'impersonation');
    assert.ok(!('privateToken' in serveOptionsFromEnv(env)));
    assert.throws(
      () => serveOptionsFromEnv({ ...env, BC_GRAPHQL_AUTH: 'password' }),
      /^Error: BC_GRAPHQL_AUTH must be 'customer-access-token' or 'impersonation'$/,
    );
    assert.throws(
      () => serveOptionsFromEnv({ ...env, BC_PRICING: 'soap' }),
      /^Error: BC_PRICING must be 'rest' or 'graphql'$/,
    );
  });

  it('reads the session cookie secrets, and refuses a short one by its variable and entry, never echoing it', () => {
    const [first, second] = [newSecret(), newSecret()];
    const options = serveOptionsFromEnv({
      ...env,
      BC_SESSION_SECRETS: ` ${first} , ${second}`,
      BC_SESSION_MAX_AGE_SECONDS: '3600',
    });
    assert.deepEqual(options.sessionSecrets, [first, second]);
    assert.equal(options.sessionMaxAgeSeconds, 3600);
    assert.ok(!('sessionSecrets' in serveOptionsFromEnv(env)));
    const short = 'too-short-session-secret';
    assert.throws(
      () => serveOptionsFromEnv({ ...env, BC_SESSION_SECRETS: `${first},${short}` }),
      (e: Error) => e.message === 'BC_SESSION_SECRETS entry 2 must be at least 32 bytes' && !e.message.includes(short),
    );
    for (const sessionSecrets of [[], [short], 'x'.repeat(40), [42]]) {
      assert.throws(
        () => createHandler(baseOptions({ sessionSecrets: sessionSecrets as string[] })),
        (e: Error) => e instanceof OptionError && e.option === 'sessionSecrets',
      );
    }
    assert.throws(
      () => createHandler(baseOptions({ sessionSecrets: [first], sessionMaxAgeSeconds: 0 })),
      (e: Error) => e instanceof OptionError && e.option === 'sessionMaxAgeSeconds',
    );
  });

  it('reads the sign-in limits from BC_SIGN_IN_PER_ADDRESS, BC_SIGN_IN_PER_EMAIL and BC_SIGN_IN_WINDOW_MS', () => {
    assert.ok(!('signInLimits' in serveOptionsFromEnv(env)));
    assert.deepEqual(serveOptionsFromEnv({ ...env, BC_SIGN_IN_PER_EMAIL: '3' }).signInLimits, { perEmail: 3 });
    assert.deepEqual(
      serveOptionsFromEnv({
        ...env,
        BC_SIGN_IN_PER_ADDRESS: '20',
        BC_SIGN_IN_PER_EMAIL: '4',
        BC_SIGN_IN_WINDOW_MS: '60000',
      }).signInLimits,
      { perAddress: 20, perEmail: 4, windowMs: 60_000 },
    );
    assert.throws(
      () => serveOptionsFromEnv({ ...env, BC_SIGN_IN_PER_EMAIL: '0' }),
      /^Error: BC_SIGN_IN_PER_EMAIL must be a positive integer$/,
    );
    assert.throws(() => serveOptionsFromEnv({ ...env, BC_SIGN_IN_WINDOW_MS: 'soon' }), /BC_SIGN_IN_WINDOW_MS/);
    for (const signInLimits of [{ perAddress: 0 }, { perEmail: 1.5 }, { windowMs: -1 }, 'many', []]) {
      assert.throws(
        () => createHandler(baseOptions({ signInLimits: signInLimits as { perAddress: number } })),
        (e: Error) => e instanceof OptionError && e.option.startsWith('signInLimits'),
      );
    }
  });

  it('names the variable whose value is wrong, and which BC_ALLOWED_ORIGINS entry, never echoing a secret', () => {
    const wrong = (extra: Record<string, string>) => {
      try {
        serveOptionsFromEnv({ ...env, ...extra });
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    assert.equal(wrong({ BC_CLIENT_SECRET: 'short' }), 'BC_CLIENT_SECRET must be at least 32 bytes');
    assert.equal(
      wrong({ BC_STOREFRONT_URL: 'shop.example.com' }),
      'BC_STOREFRONT_URL must be an http(s) origin such as https://shop.example.com',
    );
    assert.equal(wrong({ BC_STORE_HASH: 'abc-123' }), 'BC_STORE_HASH must be letters and digits only');
    assert.equal(wrong({ BC_BASE_PATH: 'bc/' }), "BC_BASE_PATH must be '' or a path such as /bc (no trailing slash)");
    assert.equal(
      wrong({ BC_ALLOWED_ORIGINS: 'https://a.example.com, https://b.example.com/shop' }),
      'BC_ALLOWED_ORIGINS entry "https://b.example.com/shop" must be an http(s) origin such as https://shop.example.com (no path, query or credentials)',
    );
    assert.equal(
      wrong({ BC_ALLOWED_ORIGINS: 'https://*.example.com' }),
      'BC_ALLOWED_ORIGINS entry "https://*.example.com" is a pattern: origins are compared exactly, so list each one (https://a.example.com,https://b.example.com)',
    );
    assert.equal(
      wrong({ BC_ALLOWED_ORIGINS: 'https://user:pw@a.example.com' }),
      'BC_ALLOWED_ORIGINS entry 1 must be an http(s) origin such as https://shop.example.com (no path, query or credentials)',
    );
    assert.equal(wrong({ PORT: '65536' }), 'PORT must be at most 65535 (got "65536").');
    assert.equal(wrong({ PORT: '-1' }), 'PORT must be a whole number (got "-1").');
    assert.equal(wrong({ PORT: '0' }), 'accepted');
  });

  it('lists every missing variable', () => {
    assert.throws(
      () => serveOptionsFromEnv({ BC_STORE_HASH: 'abc' }),
      /missing configuration: BC_CLIENT_ID, BC_CLIENT_SECRET, BC_ACCESS_TOKEN, BC_STOREFRONT_URL/,
    );
    assert.throws(() => serveOptionsFromEnv({ ...env, PORT: 'eighty' }), /PORT must be a whole number/);
  });

  const cli = (extraEnv: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
      env: { PATH: process.env.PATH, ...extraEnv },
      encoding: 'utf8',
      timeout: 20_000,
    });

  it('`bc-customer-elements serve` exits 1 with a clear message and no stack on missing config', () => {
    const result = cli({});
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^bc-customer-elements: missing configuration: BC_STORE_HASH/);
    assert.ok(!/\n\s+at /.test(result.stderr), 'no stack trace');
  });

  it('`bc-customer-elements serve` exits 1 on a short secret without echoing it', () => {
    const result = cli({ ...env, BC_CLIENT_SECRET: 'tooshort-secret-value' });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^bc-customer-elements: BC_CLIENT_SECRET must be at least 32 bytes\n$/);
    assert.ok(!result.stderr.includes('tooshort-secret-value'));
  });

  it('`bc-customer-elements serve` starts from the environment and answers /health', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
      env: { PATH: process.env.PATH, ...env, PORT: '0', BC_BASE_PATH: '/bc' },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const match = /serve: (http:\/\/\S+?)\/ /.exec(out);
          if (match) resolve(match[1]!);
        });
        child.once('exit', () => reject(new Error(`exited: ${out}`)));
      });
      assert.match(url, /\/bc$/);
      const response = await fetch(`${url}/health`);
      assert.deepEqual(await response.json(), { ok: true });
    } finally {
      child.kill('SIGTERM');
    }
  });
});
