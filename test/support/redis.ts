/**
 * A real Redis for the tests of shared state: Debian's `redis-server` ($REDIS_SERVER, by default the one on PATH),
 * started on a free loopback port with nothing saved to disk, stopped and started again on the same port when a test
 * needs Redis to go away and come back. Without the binary the suites skip with one line saying how to get it; under
 * `CI=true` its absence fails them instead (like the contract suites' spec files, test/support/specs.ts), so a CI
 * that lost Redis cannot pass by skipping.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export const REDIS_SERVER = process.env.REDIS_SERVER || 'redis-server';

const absent = spawnSync(REDIS_SERVER, ['--version'], { stdio: 'ignore' }).status !== 0;
const howToGet = '`apt-get install redis-server` (.ci/run does), or set REDIS_SERVER to one';

/** The `skip` option of a Redis suite: the one line saying why and how to get it, or `false`. */
export const redisSkip: string | false =
  absent && process.env.CI !== 'true' ? `no ${REDIS_SERVER} here: ${howToGet}` : false;

/** For a Redis suite's `before`: throws when the binary is absent and the suite runs anyway (CI=true). */
export function requireRedis(): void {
  if (absent) throw new Error(`CI=true and no ${REDIS_SERVER}: ${howToGet}`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Stops the server (its data goes with it: nothing is saved). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open and nothing is answered, like a Redis that hangs. */
  pause(): void;
  /** Lets a paused server go on (SIGCONT): it answers everything it was sent meanwhile. */
  resume(): void;
}

/** Starts a `redis-server` on a free loopback port; resolves once it accepts connections. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const process = spawn(
      REDIS_SERVER,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    child = process;
    const log: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: process.stdout });
      lines.on('line', (line) => {
        log.push(line);
        if (/Ready to accept connections/.test(line)) resolve();
      });
      process.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${log.join('\n')}`)));
      process.once('error', reject);
    });
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
  };
}
