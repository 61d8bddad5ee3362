/**
 * The shared Redis index, against a real redis-server started by this file on a spare loopback
 * port (no persistence) and killed after; without redis-server on PATH it fails, saying how to
 * install it. Two workers (two connections) feed one clustering at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { clusterPosts, createRedisClusterIndex, type RedisClusterIndex } from '../../src/index.js';
import { startRedis, type RedisServer } from '../fixtures/helpers.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

let redis: RedisServer;
const opened: RedisClusterIndex[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await Promise.allSettled(opened.map((x) => x.close()));
  await redis?.stop();
});

const open = (prefix: string): RedisClusterIndex => {
  const x = createRedisClusterIndex({ redis: redis.url, prefix });
  opened.push(x);
  return x;
};

type Row = { id: string; text: string; campaign: string; family: string; split: string };
const rows = readFileSync(join(__dirname, '..', '..', 'datasets/campaigns/families.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);

describe('createRedisClusterIndex', () => {
  it('lets two workers feed one clustering at once, with the same campaigns as in memory', async () => {
    const sample = rows.filter((r) => r.split === 'test');
    const [w1, w2] = [open('t1'), open('t1')];
    // Interleaved halves, added concurrently.
    const half = (k: number): Row[] => sample.filter((_, i) => i % 2 === k);
    const [r1, r2] = await Promise.all([w1!.add(half(0).map(({ id, text }) => ({ id, text }))), w2!.add(half(1).map(({ id, text }) => ({ id, text })))]);
    expect([...r1, ...r2].every((a) => 'cluster' in a)).toBe(true);
    const shared = await w1!.clusters();
    const memory = clusterPosts(sample.map(({ id, text }) => ({ id, text }))).clusters;
    const sets = (cs: { posts: string[] }[]): string[] => cs.map((c) => [...c.posts].sort().join(' ')).sort();
    expect(sets(shared)).toEqual(sets(memory));
    // Every link's evidence is a span of its post's text.
    for (const c of shared) {
      for (const l of c.evidence) for (const e of l.ends) expect(sample.find((r) => r.id === e.post)!.text.slice(e.start, e.end)).toBe(e.text);
    }
    // Ids: each campaign is named by one of its posts, the same from either worker.
    for (const c of shared) {
      expect(c.posts).toContain(c.cluster);
      expect(await w2!.clusterOf(c.posts.at(-1)!)).toBe(c.cluster);
    }
  });

  it('names a campaign by its earliest post and keeps the name as it grows', async () => {
    const x = open('t2');
    expect(await x.add([{ id: 'p1', text: 'Boat this week, WhatsApp +44 7700 900101' }])).toEqual([{ id: 'p1', cluster: 'p1' }]);
    const other = open('t2');
    expect(await other.add([{ id: 'p2', text: 'Trip again, call +447700900101' }])).toEqual([{ id: 'p2', cluster: 'p1' }]);
    expect((await x.clusters())[0]).toMatchObject({ cluster: 'p1', posts: ['p1', 'p2'], links: { phones: ['+447700900101'] } });
  });

  it('turns bad records and ids added twice (by any worker) into error entries, in place', async () => {
    const x = open('t3');
    await x.add([{ id: 'a', text: 'hello' }]);
    const res = await open('t3').add([{ id: 'a', text: 'again' }, { id: 'b', text: 7 }, { id: 'c', text: 'fine' }]);
    expect(res.map((r) => ('error' in r ? `${r.id}:${r.error.code}` : `${r.id}→${r.cluster}`))).toEqual(['a:INVALID_INPUT', 'b:INVALID_INPUT', 'c→c']);
  });

  it('clears its keys, and only its keys', async () => {
    const x = open('t4');
    await x.add([{ id: 'a', text: 'call +44 7700 900101' }]);
    await x.clear();
    const r = new Redis(redis.url);
    try {
      expect(await r.keys('t4:*')).toEqual([]);
      expect((await r.keys('t1:*')).length).toBeGreaterThan(0);
    } finally {
      r.disconnect();
    }
  });
});
