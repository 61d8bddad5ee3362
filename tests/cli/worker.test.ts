/**
 * `smugglescan worker`, run as the built binary against a real redis-server (started by this file on
 * a spare loopback port, without persistence). Without redis-server on PATH these tests fail,
 * saying how to install it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { createRedisWorker, type RedisWorker } from '../../src/adapters/index.js';
import { createScanner } from '../../src/index.js';
import { CLI, addPosts, manyPosts, pendingCount, readStream, requireDist, waitFor, useRedis } from '../fixtures/helpers.js';

// Generous limits for a loaded 2-core CI machine; the tests themselves take a few seconds.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const scanner = createScanner({ model: false });
const fx = useRedis();
const { workers, children } = fx;



let n = 0;
/** Fresh stream names per test. */
const names = () => {
  n++;
  return { stream: `posts${n}`, group: 'moderators', results: `verdicts${n}`, deadLetter: `posts${n}-dead` };
};

function worker(opts: Parameters<typeof createRedisWorker>[0]): RedisWorker {
  const w = createRedisWorker({ scanner, blockMs: 100, ...opts });
  workers.push(w);
  return w;
}

describe('smugglescan worker (CLI)', () => {
  /** Starts the CLI worker; resolves once it says it is reading. */
  async function startCli(args: string[]): Promise<{ child: ChildProcess; out: () => string; exit: Promise<number | null> }> {
    requireDist();
    const child = spawn(process.execPath, [CLI, 'worker', '--redis', fx.redis.url, '--no-model', '--block-ms', '100', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d));
    child.stderr!.on('data', (d: Buffer) => (out += d));
    const exit = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
    await waitFor(() => /reading/.test(out) || child.exitCode !== null, 'the worker to start', 15_000);
    if (child.exitCode !== null) throw new Error(`worker exited early: ${out}`);
    return { child, out: () => out, exit };
  }

  it('loses nothing when a worker is killed mid-stream: another claims its pending entries', async () => {
    const s = names();
    const sent = manyPosts(400);
    await addPosts(fx.r, s.stream, sent.slice(0, 200));
    const a = await startCli(['--stream', s.stream, '--group', s.group, '--results', s.results, '--dead-letter', s.deadLetter, '--consumer', 'doomed', '--batch-size', '10']);
    await addPosts(fx.r, s.stream, sent.slice(200));
    await fx.r.xadd(s.stream, '*', 'id', 'unreadable', 'txt', 'no text field');
    await waitFor(async () => (await fx.r.xlen(s.results)) >= 40, 'the first results');
    // Freeze the worker while it holds a batch (read, not yet acknowledged), then kill it.
    let held = 0;
    for (let i = 0; i < 200 && held === 0; i++) {
      a.child.kill('SIGSTOP');
      const mine = (await fx.r.xpending(s.stream, s.group, '-', '+', 100, 'doomed')) as unknown[];
      held = mine.length;
      if (!held) {
        a.child.kill('SIGCONT');
        await new Promise((res) => setTimeout(res, 3));
      }
    }
    a.child.kill('SIGKILL');
    await a.exit;
    expect(held).toBeGreaterThan(0);
    const doneBeforeKill = await fx.r.xlen(s.results);
    expect(doneBeforeKill).toBeLessThan(400);

    const b = worker({ redis: fx.redis.url, ...s, consumer: 'rescuer', claimIdleMs: 300, batchSize: 50 });
    await b.start();
    await waitFor(async () => (await pendingCount(fx.r, s.stream, s.group)) === 0 && (await fx.r.xlen(s.results)) + (await fx.r.xlen(s.deadLetter)) >= 401, 'every entry handled', 20_000);
    const stats = await b.stop();
    expect(stats.claimed).toBeGreaterThanOrEqual(held);

    const results = await readStream(fx.r, s.results);
    const dead = await readStream(fx.r, s.deadLetter);
    const acknowledged = new Set(results.map((e) => e.f.id));
    const deadIds = new Set(dead.map((e) => e.f.id));
    // messages sent = acknowledged + dead-lettered; lost = 0.
    const lost = [...sent.map((p) => p.id), 'unreadable'].filter((id) => !acknowledged.has(id) && !deadIds.has(id));
    expect(lost).toEqual([]);
    expect(acknowledged.size + deadIds.size).toBe(401);
    expect([...deadIds]).toEqual(['unreadable']);
    expect(await pendingCount(fx.r, s.stream, s.group)).toBe(0);
    // Each delivery's result and acknowledgement are one transaction: no duplicates here.
    expect(results).toHaveLength(400);
  }, 40_000);

  it('stops gracefully on SIGTERM, leaving nothing pending', async () => {
    const s = names();
    const w = await startCli(['--stream', s.stream, '--group', s.group, '--results', s.results, '--consumer', 'polite', '--batch-size', '5']);
    await addPosts(fx.r, s.stream, manyPosts(300));
    await waitFor(async () => (await fx.r.xlen(s.results)) >= 20, 'some results');
    w.child.kill('SIGTERM');
    expect(await w.exit).toBe(0);
    expect(w.out()).toMatch(/SIGTERM: finishing the batch in hand/);
    expect(w.out()).toMatch(/stopped \{"read":\d+/);
    const pendingOfPolite = (await fx.r.xpending(s.stream, s.group, '-', '+', 100, 'polite')) as unknown[];
    expect(pendingOfPolite).toEqual([]);
  }, 20_000);

  it('exits 1 with a clear message when Redis is unreachable or flags are missing', async () => {
    requireDist();
    const run = (args: string[]) =>
      new Promise<{ code: number | null; err: string }>((resolve) => {
        const c = spawn(process.execPath, [CLI, 'worker', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let err = '';
        c.stderr.on('data', (d: Buffer) => (err += d));
        c.once('exit', (code) => resolve({ code, err }));
      });
    const [down, missing] = await Promise.all([
      run(['--redis', 'redis://127.0.0.1:1', '--stream', 'p', '--group', 'g', '--no-model']),
      run(['--stream', 'p', '--group', 'g', '--no-model']),
    ]);
    expect(down.code).toBe(1);
    expect(down.err).toMatch(/UNAVAILABLE: Cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/--redis is required/);
  }, 20_000);
});
