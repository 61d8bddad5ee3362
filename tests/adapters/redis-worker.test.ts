/**
 * Against a real redis-server, started by this file on a spare loopback port (no persistence) and
 * killed after. Without redis-server on PATH these tests fail, saying how to install it.
 */
import { describe, expect, it, vi } from 'vitest';
import { createScanner } from '../../src/index.js';
import { createRedisWorker, type RedisResult, type RedisWorker, type RedisWorkerEvent } from '../../src/adapters/index.js';
import { addPosts, manyPosts, pendingCount, readStream, waitFor, useRedis } from '../fixtures/helpers.js';

// Generous limits for a loaded 2-core CI machine; the tests themselves take a few seconds.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const scanner = createScanner({ model: false });
const fx = useRedis();
const { workers } = fx;



let n = 0;
/** Fresh stream names per test. */
const names = () => {
  n++;
  return { stream: `posts${n}`, group: 'moderators', results: `verdicts${n}`, deadLetter: `posts${n}-dead` };
};

const add = (stream: string, posts: { id: string; text: string }[]): Promise<void> => addPosts(fx.r, stream, posts);
const readAll = (stream: string) => readStream(fx.r, stream);
const pendingOf = (stream: string, group: string): Promise<number> => pendingCount(fx.r, stream, group);

function worker(opts: Parameters<typeof createRedisWorker>[0]): RedisWorker {
  const w = createRedisWorker({ scanner, blockMs: 100, ...opts });
  workers.push(w);
  return w;
}

describe('createRedisWorker', () => {
  it('creates the group, classifies, writes results and acknowledges', async () => {
    const s = names();
    const posts = manyPosts(40);
    await add(s.stream, posts.slice(0, 10)); // before the group exists: read too (group starts at 0)
    const seen: RedisResult[] = [];
    const w = worker({ redis: fx.redis.url, ...s, consumer: 'c1', batchSize: 8, onResult: (x) => void seen.push(x) });
    await w.start();
    await add(s.stream, posts.slice(10));
    await waitFor(async () => (await fx.r.xlen(s.results)) === 40, 'all 40 results');
    await waitFor(async () => (await pendingOf(s.stream, s.group)) === 0, 'no pending entries');
    const results = await readAll(s.results);
    expect(results.map((e) => e.f.id)).toEqual(posts.map((p) => p.id));
    const expected = await scanner.classifyBatch(posts);
    results.forEach((e, i) => expect(JSON.parse(e.f.result!)).toEqual(expected[i]));
    expect(seen.map((x) => x.id)).toEqual(posts.map((p) => p.id));
    expect(results[0]!.f.entry).toBe(seen[0]!.entryId);
    const stats = await w.stop();
    expect(stats).toMatchObject({ classified: 40, acked: 40, deadLettered: 0 });
  });

  it('acknowledges only after the result is written: a failed write is delivered again', async () => {
    const s = names();
    let failures = 0;
    const events: RedisWorkerEvent[] = [];
    const w = worker({
      redis: fx.redis.url,
      ...s,
      consumer: 'c1',
      claimIdleMs: 100,
      onEvent: (e) => events.push(e),
      onResult: (x) => {
        if (x.id === 'p3' && failures++ === 0) throw new Error('sink down');
      },
    });
    await w.start();
    await add(s.stream, manyPosts(6));
    await waitFor(async () => (await fx.r.xlen(s.results)) === 5, 'five results');
    // p3's result was not written, so it is still pending, not acknowledged.
    const pending = (await fx.r.xpending(s.stream, s.group, '-', '+', 10)) as [string, string, number, number][];
    expect(pending).toHaveLength(1);
    // Claimed again once idle, and written the second time.
    await waitFor(async () => (await fx.r.xlen(s.results)) === 6, 'the sixth result, after a retry');
    await waitFor(async () => (await pendingOf(s.stream, s.group)) === 0, 'nothing pending');
    expect((await readAll(s.results)).map((e) => e.f.id).sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
    expect(events.some((e) => e.type === 'error' && /sink down/.test(e.error.message))).toBe(true);
    expect(events.some((e) => e.type === 'claimed')).toBe(true);
    await w.stop();
  });

  it('dead-letters unreadable entries and poison entries after max attempts, then acknowledges them', async () => {
    const s = names();
    const w = worker({
      redis: fx.redis.url,
      ...s,
      consumer: 'c1',
      claimIdleMs: 50,
      maxAttempts: 3,
      onResult: (x) => {
        if (x.id === 'poison') throw new Error('this post crashes the sink every time');
      },
    });
    await w.start();
    await fx.r.xadd(s.stream, '*', 'id', 'good', 'text', 'boat to uk');
    await fx.r.xadd(s.stream, '*', 'id', 'no-text', 'body', 'wrong field');
    await fx.r.xadd(s.stream, '*', 'id', 'poison', 'text', 'boat to uk');
    await waitFor(async () => (await fx.r.xlen(s.deadLetter)) === 2, 'two dead letters', 10_000);
    await waitFor(async () => (await pendingOf(s.stream, s.group)) === 0, 'nothing pending');
    const dead = await readAll(s.deadLetter);
    const byId = Object.fromEntries(dead.map((d) => [d.f.id, d.f]));
    expect(byId['no-text']).toMatchObject({ body: 'wrong field', reason: expect.stringMatching(/^unreadable: the entry has no "text" field/), stream: s.stream, group: s.group, consumer: 'c1' });
    expect(byId['poison']).toMatchObject({ text: 'boat to uk', reason: expect.stringMatching(/^delivered 4 times without being acknowledged \(max attempts 3\)/), deliveries: '4' });
    expect((await readAll(s.results)).map((e) => e.f.id)).toEqual(['good']);
    expect(w.stats.deadLettered).toBe(2);
    await w.stop();
  });

  it('shares one stream between two workers, each entry handled once', async () => {
    const s = names();
    const a = worker({ redis: fx.redis.url, ...s, consumer: 'a', batchSize: 8 });
    // An ioredis client works as well as a URL (its settings are copied).
    const b = worker({ redis: fx.r, ...s, consumer: 'b', batchSize: 8 });
    await Promise.all([a.start(), b.start()]);
    const posts = manyPosts(300);
    for (let i = 0; i < posts.length; i += 20) {
      await add(s.stream, posts.slice(i, i + 20));
      await new Promise((res) => setTimeout(res, 5));
    }
    await waitFor(async () => (await fx.r.xlen(s.results)) === 300, '300 results', 20_000);
    await waitFor(async () => (await pendingOf(s.stream, s.group)) === 0, 'nothing pending');
    const [sa, sb] = await Promise.all([a.stop(), b.stop()]);
    expect(sa.classified).toBeGreaterThan(0);
    expect(sb.classified).toBeGreaterThan(0);
    expect(sa.classified + sb.classified).toBe(300);
    const ids = (await readAll(s.results)).map((e) => e.f.id);
    expect(new Set(ids).size).toBe(300);
  }, 30_000);

  it('fails to start with UNAVAILABLE when Redis cannot be reached, and checks its options', async () => {
    const w = createRedisWorker({ redis: 'redis://127.0.0.1:1', stream: 's', group: 'g', results: 'r', scanner });
    await expect(w.start()).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/Cannot reach Redis at redis:\/\/127\.0\.0\.1:1/) });
    await w.stop();
    expect(() => createRedisWorker({ redis: fx.redis.url, stream: 's', group: 'g', scanner })).toThrow(/results.*onResult|onResult/);
    expect(() => createRedisWorker({ redis: fx.redis.url, stream: '', group: 'g', results: 'r', scanner })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });
});
