/**
 * `bc-customer-elements emulator [--port N] [--host H] [--seed FILE] [--json]`: the local BigCommerce store on its own
 * port, printing what a backend needs to point at it and the demo customers' sign-in details (`--json`: one JSON
 * object on one line, for scripts).
 */
import { readFile } from 'node:fs/promises';
import { createEmulator, type Emulator, type EmulatorSeed } from '../emulator/index.js';
import { portEnv } from '../server/env.js';
import { listen } from '../server/node.js';

export const usage = `Usage: bc-customer-elements emulator [--port N] [--host H] [--seed FILE] [--json]

Runs the local BigCommerce store (docs/emulator.md) and prints what a backend needs to point at it and the demo
customers' sign-in details.

  --port N     port, 0–65535 (default $PORT, else 4000; 0 picks a free one)
  --host H     interface (default $HOST, else 127.0.0.1)
  --seed FILE  the store's data as JSON (default the built-in seed)
  --json       print one JSON object on one line instead, for scripts
`;

interface Args {
  port: number;
  host: string;
  seed?: string;
  json: boolean;
}

function parseArgs(args: string[]): Args {
  const parsed: Partial<Args> & { json: boolean } = { json: false };
  const rest = [...args];
  for (let arg = rest.shift(); arg !== undefined; arg = rest.shift()) {
    const option = arg;
    const value = () => {
      const next = rest.shift();
      if (next === undefined) throw new Error(`${option} needs a value`);
      return next;
    };
    if (arg === '--json') parsed.json = true;
    else if (arg === '--host') parsed.host = value();
    else if (arg === '--seed') parsed.seed = value();
    else if (arg === '--port') parsed.port = portEnv({ '--port': value() }, 0, '--port');
    else
      throw new Error(
        `Unknown option ${arg}. Usage: bc-customer-elements emulator [--port N] [--host H] [--seed FILE] [--json]`,
      );
  }
  // PORT and HOST only when the options do not say: a bad PORT does not matter under --port.
  return {
    ...parsed,
    port: parsed.port ?? portEnv(process.env, 4000),
    host: parsed.host ?? (process.env.HOST?.trim() || '127.0.0.1'),
  };
}

async function loadSeed(path: string): Promise<EmulatorSeed> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as EmulatorSeed;
  } catch (error) {
    throw new Error(`Cannot read the seed ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** What a user needs to use the store: endpoints, credentials and demo customers. */
export function describeStore(emulator: Emulator, url: string) {
  const { app, seed } = emulator;
  return {
    url,
    storefrontUrl: url,
    apiBaseUrl: url,
    storeHash: app.storeHash,
    channelId: app.channelId,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    accessToken: app.accessToken,
    customers: seed.customers.map((c) => {
      const group = seed.customer_groups.find((g) => g.id === c.customer_group_id);
      return {
        id: c.id,
        email: c.email,
        password: c.password,
        group: group ? { id: group.id, name: group.name } : null,
      };
    }),
  };
}

export async function run(args: string[]): Promise<void> {
  const options = parseArgs(args);
  const emulator = createEmulator(options.seed ? { seed: await loadSeed(options.seed) } : {});
  const server = await listen(emulator.handle, { port: options.port, host: options.host });
  const info = describeStore(emulator, server.url);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(info)}\n`);
    return;
  }
  const rows = (pairs: [string, string | number][]) => pairs.map(([k, v]) => `  ${k.padEnd(15)} ${v}`).join('\n');
  const width = Math.max(...info.customers.map((c) => c.email.length));
  process.stdout.write(`BigCommerce emulator: ${info.url}

Point a backend at it (serve / createHandler options):
${rows([
  ['apiBaseUrl', info.apiBaseUrl],
  ['storefrontUrl', info.storefrontUrl],
  ['storeHash', info.storeHash],
  ['channelId', info.channelId],
  ['clientId', info.clientId],
  ['clientSecret', info.clientSecret],
  ['accessToken', info.accessToken],
])}

Demo customers (sign in at ${info.url}/login.php):
${info.customers.map((c) => `  ${c.email.padEnd(width)}  ${c.password.padEnd(16)} ${c.group ? `${c.group.name} (group ${c.group.id})` : 'no group'}`).join('\n')}

Admin: ${info.url}/__emulator/state · docs/emulator.md
`);
}
