/**
 * Helpers for the pipeline tests: sample posts, waiting, a real redis-server per test file, and
 * the built dist (the test script builds it first; run `npx tsup` when running files alone).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = `${ROOT}dist/`;
export const CLI = `${DIST}cli.js`;

/** The sample posts (`{id, text}`), from datasets/sample.jsonl. */
export function samplePosts(): { id: string; text: string }[] {
  return readFileSync(`${ROOT}datasets/sample.jsonl`, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; text: string });
}

/** `n` posts cycling through the sample, with ids `p0`, `p1`, ... */
export function manyPosts(n: number): { id: string; text: string }[] {
  const s = samplePosts();
  return Array.from({ length: n }, (_, i) => ({ id: `p${i}`, text: s[i % s.length]!.text }));
}

/** Throws a clear message when dist/ has not been built. */
export function requireDist(): void {
  for (const f of ['index.js', 'index.cjs', 'cli.js', 'pool-worker.js']) {
    if (!existsSync(`${DIST}${f}`)) throw new Error(`dist/${f} is missing: these tests run the built package. Run "npx tsup" (npm test builds it first).`);
  }
}

/** Polls `check` until it returns a truthy value; throws with `what` after `timeoutMs`. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000, everyMs = 25): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A free loopback port (free when asked; the caller retries on a clash). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  port: number;
  url: string;
  stop(): Promise<void>;
}

const INSTALL = 'redis-server is not on PATH. The Redis Streams tests need a real server: install it (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis) and run the tests again.';

/**
 * Starts a throwaway redis-server on a spare loopback port, without persistence. Fails (does not
 * skip) when redis-server is not installed.
 */
export async function startRedis(): Promise<RedisServer> {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(INSTALL);
  let lastLog = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = await new Promise<boolean>((resolve) => {
      let log = '';
      const timer = setTimeout(() => resolve(false), 10_000);
      const onData = (d: Buffer): void => {
        log += d.toString();
        lastLog = log;
        if (/Ready to accept connections/.test(log)) {
          clearTimeout(timer);
          resolve(true);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (started) {
      return {
        port,
        url: `redis://127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      };
    }
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  throw new Error(`redis-server would not start on a loopback port. Its last output:\n${lastLog}`);
}
