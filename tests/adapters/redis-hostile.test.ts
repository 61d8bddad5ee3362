/**
 * Issue 14, items 1 and 8, against a real redis-server on loopback: no entry is acknowledged
 * without its result (or its dead letter), failures stay pending and are retried, one poison entry
 * fails alone, dead letters are byte-exact, reads are capped in bytes, and the password stays out
 * of what is printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Redis } from 'ioredis';
import { createScanner } from '../../src/index.js';
import { createRedisWorker, type BatchClassifier, type RedisWorker } from '../../src/adapters/index.js';
import { redactUrl } from '../../src/adapters/redis/index.js';
import { CLI, freePort, manyPosts, requireDist, waitFor, useRedis } from '../fixtures/helpers.js';

vi.setConfig({ testTimeout: 40_000, hookTimeout: 30_000 });

const scanner = createScanner({ model: false });
const fx = useRedis();
const { workers, children } = fx;


let n = 0;
const names = () => {
  n++;
  return { stream: `h${n}`, group: 'g', results: `h${n}-out`, deadLetter: `h${n}-dl` };
};
const add = async (stream: string, posts: { id: string; text: string }[]): Promise<void> => {
  const m = fx.r.multi();
  for (const p of posts) m.xadd(stream, '*', 'id', p.id, 'text', p.text);
  await m.exec();
};
const pending = async (stream: string, group: string): Promise<number> => Number(((await fx.r.xpending(stream, group)) as [number])[0]);
const fieldsOf = (fields: string[]): Record<string, string> => Object.fromEntries(Array.from({ length: fields.length / 2 }, (_, i) => [fields[2 * i]!, fields[2 * i + 1]!]));
const read = async (stream: string) => ((await fx.r.xrange(stream, '-', '+')) as [string, string[]][]).map(([id, f]) => ({ id, f: fieldsOf(f) }));

function worker(opts: Parameters<typeof createRedisWorker>[0]): RedisWorker {
  const w = createRedisWorker({ scanner, blockMs: 50, claimIdleMs: 100, ...opts });
  workers.push(w);
  return w;
}

/** A classifier that throws for any batch holding a post whose text is in `poison`, or the first `failFirst` calls. */
function flaky(poison: string[] = [], failFirst = 0): BatchClassifier & { batches: number[][] } {
  let calls = 0;
  const c = {
    batches: [] as number[][],
    ready: () => scanner.ready(),
    async classifyBatchSettled(inputs: readonly unknown[]) {
      calls++;
      const posts = inputs as { id: string; text: string }[];
      c.batches.push(posts.map((p) => Buffer.byteLength(p.text)));
      if (calls <= failFirst) throw new Error(`transient failure ${calls}`);
      if (posts.some((p) => poison.includes(p.text))) throw new Error('poison post');
      return scanner.classifyBatchSettled(inputs);
    },
  };
  return c;
}

describe('no entry is acknowledged without its result (item 1)', () => {
  it('a results key of the wrong type: nothing is acked unwritten; entries are dead-lettered with the write error', async () => {
    const s = names();
    await fx.r.set(s.results, 'x');
    await add(s.stream, manyPosts(5));
    const w = worker({ redis: fx.redis.url, ...s, maxAttempts: 2 });
    await w.start();
    await waitFor(async () => (await fx.r.xlen(s.deadLetter)) === 5, 'five dead letters', 20_000);
    const dl = await read(s.deadLetter);
    expect(dl.every((d) => /WRONGTYPE/.test(d.f.reason!))).toBe(true);
    expect(dl.map((d) => d.f.id)).toEqual(manyPosts(5).map((p) => p.id));
    expect(await pending(s.stream, s.group)).toBe(0);
    expect(await fx.r.get(s.results)).toBe('x');
  });

  it('when neither results nor dead letters can be written, every entry stays pending', async () => {
    const s = names();
    await fx.r.set(s.results, 'x');
    await fx.r.set(s.deadLetter, 'x');
    await add(s.stream, manyPosts(4));
    const w = worker({ redis: fx.redis.url, ...s, maxAttempts: 1 });
    await w.start();
    await waitFor(async () => w.stats.failedBatches >= 3 && (await pending(s.stream, s.group)) === 4, 'a few failed rounds');
    expect(w.stats.acked).toBe(0);
  });

  it('the CLI worker: SET verdicts x, then XADD: no entry is acked without a result or a dead letter', async () => {
    requireDist();
    const s = names();
    await fx.r.set(s.results, 'x');
    await add(s.stream, manyPosts(3));
    const child = spawn(process.execPath, [CLI, 'worker', '--redis', fx.redis.url, '--stream', s.stream, '--group', s.group, '--results', s.results, '--dead-letter', s.deadLetter, '--no-model', '--block-ms', '50', '--claim-idle-ms', '100', '--max-attempts', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d));
    await waitFor(async () => (await fx.r.xlen(s.deadLetter)) === 3, 'three dead letters', 20_000);
    expect(await pending(s.stream, s.group)).toBe(0);
    expect(err).toMatch(/WRONGTYPE/);
    child.kill('SIGTERM');
  });

  it('a poison entry fails alone: its batch-mates get results; it is dead-lettered with the reason', async () => {
    const s = names();
    const posts = manyPosts(6);
    posts[2] = { id: 'poison', text: 'POISON' };
    await add(s.stream, posts);
    const c = flaky(['POISON']);
    const w = worker({ redis: fx.redis.url, ...s, scanner: c, maxAttempts: 2, maxBatchBytes: 1 << 20 });
    await w.start();
    await waitFor(async () => (await fx.r.xlen(s.deadLetter)) === 1 && (await fx.r.xlen(s.results)) === 5, 'five results and one dead letter', 20_000);
    const dl = await read(s.deadLetter);
    expect(dl[0]!.f.id).toBe('poison');
    expect(dl[0]!.f.reason).toMatch(/poison post/);
    expect((await read(s.results)).map((x) => x.f.id)).toEqual(posts.filter((p) => p.id !== 'poison').map((p) => p.id));
    expect(await pending(s.stream, s.group)).toBe(0);
  });

  it('copies dead letters byte-exact (binary fields)', async () => {
    const s = names();
    const bin = Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x80]);
    await fx.r.xadd(s.stream, '*', 'id', 'b1', 'blob', bin); // no "text": unreadable
    const w = worker({ redis: fx.redis.url, ...s });
    await w.start();
    await waitFor(async () => (await fx.r.xlen(s.deadLetter)) === 1, 'the dead letter');
    const rows = (await fx.r.xrangeBuffer(s.deadLetter, '-', '+')) as [Buffer, Buffer[]][];
    const fields = rows[0]![1];
    const i = fields.findIndex((f: Buffer) => f.toString() === 'blob');
    expect(Buffer.compare(fields[i + 1]!, bin)).toBe(0);
  });

  it('caps the bytes of one batch (maxBatchBytes)', async () => {
    const s = names();
    await add(s.stream, Array.from({ length: 12 }, (_, i) => ({ id: `k${i}`, text: 'y'.repeat(1000) })));
    const c = flaky();
    const w = worker({ redis: fx.redis.url, ...s, scanner: c, batchSize: 64, maxBatchBytes: 2500 });
    await w.start();
    await waitFor(async () => (await fx.r.xlen(s.results)) === 12, 'twelve results');
    for (const b of c.batches) expect(b.reduce((a, x) => a + x, 0)).toBeLessThanOrEqual(2500);
  });
});

describe('failure paths (item 8)', () => {
  it('a classifier that throws once: the entries stay pending, are retried, and get results', async () => {
    const s = names();
    await add(s.stream, manyPosts(1));
    const c = flaky([], 1);
    const w = worker({ redis: fx.redis.url, ...s, scanner: c, maxAttempts: 3 });
    await w.start();
    await waitFor(() => w.stats.failedBatches >= 1, 'the failure');
    await waitFor(async () => (await fx.r.xlen(s.results)) === 1, 'the result after a retry');
    expect(await fx.r.exists(s.deadLetter)).toBe(0);
    expect(await pending(s.stream, s.group)).toBe(0);
  });

  it('classifier error records go to the dead-letter stream with their code', async () => {
    const s = names();
    await add(s.stream, [{ id: 'a', text: 'ok' }, { id: 'b', text: 'BAD' }]);
    const c: BatchClassifier = {
      ready: () => scanner.ready(),
      async classifyBatchSettled(inputs) {
        const out = await scanner.classifyBatchSettled(inputs);
        return out.map((x, i) => ((inputs[i] as { text: string }).text === 'BAD' ? { id: 'b', error: { code: 'MODEL_RUNTIME', message: 'cannot score' } } : x));
      },
    };
    const w = worker({ redis: fx.redis.url, ...s, scanner: c });
    await w.start();
    await waitFor(async () => (await fx.r.xlen(s.deadLetter)) === 1 && (await fx.r.xlen(s.results)) === 1, 'one result, one dead letter');
    expect((await read(s.deadLetter))[0]!.f).toMatchObject({ id: 'b', reason: 'MODEL_RUNTIME: cannot score' });
  });

  it('entries deleted while pending are acknowledged, with no result and no dead letter', async () => {
    const s = names();
    await add(s.stream, manyPosts(3));
    const broken = flaky([], 1_000_000);
    const w1 = worker({ redis: fx.redis.url, ...s, consumer: 'c1', scanner: broken });
    await w1.start();
    await waitFor(async () => (await pending(s.stream, s.group)) === 3, 'three pending');
    await w1.stop();
    const ids = (await fx.r.xrange(s.stream, '-', '+')).map(([id]) => id);
    await fx.r.xdel(s.stream, ...ids);
    const w2 = worker({ redis: fx.redis.url, ...s, consumer: 'c2' });
    await w2.start();
    await waitFor(async () => (await pending(s.stream, s.group)) === 0, 'nothing pending');
    expect(await fx.r.exists(s.results)).toBe(0);
    expect(await fx.r.exists(s.deadLetter)).toBe(0);
  });

  it('resultsMaxLen trims the results stream', async () => {
    const s = names();
    await fx.r.config('SET', 'stream-node-max-entries', '5');
    try {
      await add(s.stream, manyPosts(60));
      const w = worker({ redis: fx.redis.url, ...s, resultsMaxLen: 10, batchSize: 8 });
      await w.start();
      await waitFor(async () => (await pending(s.stream, s.group)) === 0 && w.stats.classified === 60, 'all 60 handled');
      expect(await fx.r.xlen(s.results)).toBeLessThanOrEqual(15);
    } finally {
      await fx.r.config('SET', 'stream-node-max-entries', '100');
    }
  });

  it('survives redis-server restarting mid-stream', async () => {
    const port = await freePort();
    const startOn = async (): Promise<ChildProcess> => {
      const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => /Ready to accept/.test(String(d)) && resolve()));
      return child;
    };
    let server = await startOn();
    const url = `redis://127.0.0.1:${port}`;
    const c2 = new Redis(url, { protocol: 2, maxRetriesPerRequest: null });
    try {
      const s = names();
      const w = worker({ redis: url, ...s });
      await w.start();
      for (const p of manyPosts(3)) await c2.xadd(s.stream, '*', 'id', p.id, 'text', p.text);
      await waitFor(async () => (await c2.xlen(s.results)) === 3, 'three results');
      server.kill('SIGKILL');
      await new Promise((res) => server.once('exit', res));
      server = await startOn(); // empty: no persistence
      for (const p of manyPosts(4)) await c2.xadd(s.stream, '*', 'id', `again-${p.id}`, 'text', p.text);
      await waitFor(async () => (await c2.xlen(s.results)) === 4, 'four results after the restart', 30_000);
      await w.stop();
    } finally {
      c2.disconnect();
      server.kill('SIGKILL');
    }
  });
});

describe('the Redis password (item 1)', () => {
  it('redacts passwords in printed URLs', () => {
    expect(redactUrl('redis://user:p@ss@host:6379/0')).toBe('redis://user:***@host:6379/0');
    expect(redactUrl('redis://:secret@host')).toBe('redis://:***@host');
    expect(redactUrl('redis://host:6379/0?password=hunter2&db=1')).toBe('redis://host:6379/0?password=***&db=1');
    expect(redactUrl('redis://host:6379')).toBe('redis://host:6379');
  });

  it('the CLI reads it from a file or the environment, and never prints it', async () => {
    requireDist();
    const port = await freePort();
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', 'pw-from-file'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => /Ready to accept/.test(String(d)) && resolve()));
    const dir = mkdtempSync(join(tmpdir(), 'smugglescan-pw-'));
    writeFileSync(join(dir, 'pw'), 'pw-from-file\n');
    const run = (args: string[], env: Record<string, string> = {}) => {
      const c = spawn(process.execPath, [CLI, 'worker', '--stream', 'pw', '--group', 'g', '--no-model', '--block-ms', '50', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
      children.push(c);
      let out = '';
      c.stdout!.on('data', (d: Buffer) => (out += d));
      c.stderr!.on('data', (d: Buffer) => (out += d));
      return { c, out: () => out, exit: new Promise<number | null>((res) => c.once('exit', res)) };
    };
    try {
      const file = run(['--redis', `redis://127.0.0.1:${port}`, '--redis-password-file', join(dir, 'pw')]);
      await waitFor(() => /reading pw/.test(file.out()) || file.c.exitCode !== null, 'the worker to start');
      expect(file.out()).toMatch(/reading pw/);
      file.c.kill('SIGTERM');
      expect(await file.exit).toBe(0);
      const env = run(['--redis', `redis://127.0.0.1:${port}`], { SMUGGLESCAN_REDIS_PASSWORD: 'pw-from-file' });
      await waitFor(() => /reading pw/.test(env.out()) || env.c.exitCode !== null, 'the worker to start');
      env.c.kill('SIGTERM');
      expect(await env.exit).toBe(0);
      const bad = run(['--redis', `redis://user:p@ss-w0rd@127.0.0.1:1/0?password=hunter2`]);
      expect(await bad.exit).toBe(1);
      expect(bad.out()).toMatch(/UNAVAILABLE/);
      expect(bad.out()).not.toMatch(/p@ss-w0rd|hunter2/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
