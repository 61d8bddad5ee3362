/**
 * Issue 14, items 2, 4 and 8 against the sidecar over loopback: one bad id never fails a batch, the
 * event loop stays free under load, slow clients are cut off, work is capped with 503 +
 * Retry-After, an optional bearer token, a Host allow-list, no paths in responses, the exact
 * maxBody boundary, and close() with requests in flight.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createScanner } from '../../src/index.js';
import { classifyStream, createServer, type BatchClassifier } from '../../src/adapters/index.js';
import { CLI, requireDist, samplePosts, waitFor } from '../fixtures/helpers.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

const scanner = createScanner({ model: false });
const deep = (n: number): unknown => JSON.parse('['.repeat(n) + ']'.repeat(n));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/classify`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** A raw request, so that the Host header can be anything. */
function rawGet(url: string, path: string, host: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A classifier that holds every batch but the server's warm-up until released. */
function gated(): BatchClassifier & { release(): void; calls: number } {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const c = {
    calls: 0,
    ready: () => scanner.ready(),
    async classifyBatchSettled(inputs: readonly unknown[]) {
      if (inputs[0] !== 'warm-up') {
        c.calls++;
        await gate;
      }
      return scanner.classifyBatchSettled(inputs);
    },
    release: () => open(),
  };
  return c;
}

describe('one record never fails the others (item 2)', () => {
  it('the library: a 100,000-deep array as id is that record\'s error, in place', async () => {
    const inputs = [{ id: 'a', text: 'boat to uk' }, { id: deep(100_000), text: 'boat' }, { id: { x: 1 }, text: 'x' }, { id: 7, text: 'hi' }];
    const settled = await scanner.classifyBatchSettled(inputs);
    expect(settled.map((r) => r.id)).toEqual(['a', null, null, '7']);
    expect(settled[1]).toEqual({ id: null, error: { code: 'INVALID_INPUT', message: 'inputs[1]: "id" must be a string or a number, got an array. Send ids as strings.' } });
    expect(settled[2]).toMatchObject({ error: { code: 'INVALID_INPUT', message: expect.stringMatching(/got object/) } });
    await expect(scanner.classify({ id: deep(100_000), text: 'x' } as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('classifyStream yields the error record in place and goes on', async () => {
    const out = [];
    for await (const r of classifyStream([{ id: 'a', text: 'x' }, { id: deep(100_000), text: 'y' }, { id: 'c', text: 'z' }], { scanner, batchSize: 8 })) out.push(r);
    expect(out.map((r) => ('error' in r ? 'error' : r.id))).toEqual(['a', 'error', 'c']);
  });

  it('the sidecar answers 200 with an error entry in place (400 for a single post)', async () => {
    const server = createServer({ scanner, logger: false });
    const url = await server.listen({ port: 0 });
    try {
      const body = `{"posts":[{"id":"a","text":"boat to uk"},{"id":${'['.repeat(100_000)}${']'.repeat(100_000)},"text":"boat"},{"id":"c","text":"hi"}]}`;
      const res = await post(url, body);
      expect(res.status).toBe(200);
      const { results } = (await res.json()) as { results: { id: string | null; error?: { code: string; message: string } }[] };
      expect(results.map((r) => r.id)).toEqual(['a', null, 'c']);
      expect(results[1]!.error).toEqual({ code: 'INVALID_INPUT', message: 'posts[1]: "id" must be a string or a number, got an array. Send ids as strings.' });
      const single = await post(url, `{"id":${'['.repeat(100_000)}${']'.repeat(100_000)},"text":"boat"}`);
      expect(single.status).toBe(400);
    } finally {
      await server.close();
    }
  });
});

describe('the sidecar does not stall (item 4)', () => {
  it('/healthz answers within 250 ms while 8 clients each post 1,000-post batches of 1 kB posts', async () => {
    requireDist();
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--no-model', '--max-body', '4mb', '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d));
    await waitFor(() => /ready/.test(out), 'the sidecar to be ready', 20_000);
    const url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
    const sample = samplePosts();
    const posts = Array.from({ length: 1000 }, (_, i) => ({ id: `p${i}`, text: sample.slice(i % sample.length).map((p) => p.text).join(' ').slice(0, 1000) }));
    await fetch(`${url}/healthz`);
    // The load comes from another process, so that this one only times the probes.
    const load = spawn(
      process.execPath,
      ['-e', `let body = ''; process.stdin.on('data', (d) => (body += d)); process.stdin.on('end', () => Promise.all(Array.from({length: 8}, () => fetch(${JSON.stringify(url)} + '/v1/classify', {method: 'POST', headers: {'content-type': 'application/json'}, body}).then(async (r) => { await r.arrayBuffer(); return r.status; }))).then((s) => console.log(JSON.stringify(s))))`],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    load.stdin!.end(JSON.stringify({ posts }));
    children.push(load);
    let statuses = '';
    load.stdout!.on('data', (d: Buffer) => (statuses += d));
    const loadDone = new Promise((r) => load.once('exit', r));
    const times: number[] = [];
    await new Promise((r) => setTimeout(r, 300));
    for (let k = 0; k < 20; k++) {
      const t = performance.now();
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      times.push(Math.round(performance.now() - t));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(Math.max(...times), `healthz times: ${times.join(' ')} ms`).toBeLessThanOrEqual(250);
    await loadDone;
    expect(JSON.parse(statuses)).toEqual(Array(8).fill(200));
    child.kill('SIGTERM');
  }, 180_000);

  it('cuts off a client that sends its request too slowly, and one that idles', async () => {
    const server = createServer({ scanner, logger: false, requestTimeoutMs: 300, connectionTimeoutMs: 600 });
    const url = new URL(await server.listen({ port: 0 }));
    try {
      const closedAfter = async (send: (s: ReturnType<typeof connect>) => void): Promise<number> => {
        const s = connect(Number(url.port), url.hostname);
        const t = Date.now();
        await new Promise((r) => s.once('connect', r));
        send(s);
        s.on('data', () => undefined);
        s.on('error', () => undefined);
        await new Promise((r) => s.once('close', r));
        return Date.now() - t;
      };
      // Slowloris: a header byte every 100 ms keeps the socket busy, but the request never completes.
      const slow = await closedAfter((s) => {
        s.write('POST /v1/classify HTTP/1.1\r\nHost: 127.0.0.1\r\n');
        const timer = setInterval(() => s.writable && s.write('x'), 100);
        s.once('close', () => clearInterval(timer));
      });
      expect(slow).toBeLessThan(5_000);
      const idle = await closedAfter(() => undefined);
      expect(idle).toBeLessThan(5_000);
    } finally {
      await server.close();
    }
  });

  it('caps the posts in hand: 503 with Retry-After', async () => {
    const g = gated();
    const server = createServer({ scanner: g, logger: false, maxPendingPosts: 3 });
    const url = await server.listen({ port: 0 });
    try {
      const first = post(url, { posts: ['a', 'b'] });
      await waitFor(() => g.calls > 0, 'the first batch to start');
      const second = await post(url, { posts: ['c', 'd'] });
      expect(second.status).toBe(503);
      expect(second.headers.get('retry-after')).toBe('1');
      expect(((await second.json()) as { error: { code: string } }).error.code).toBe('OVERLOADED');
      g.release();
      expect((await first).status).toBe(200);
      expect((await post(url, { posts: ['c', 'd'] })).status).toBe(200);
    } finally {
      g.release();
      await server.close();
    }
  });

  it('an optional bearer token guards /v1/classify and /metrics, not the probes', async () => {
    const token = 's3cret-token-0123456789';
    const server = createServer({ scanner, logger: false, token });
    const url = await server.listen({ port: 0 });
    try {
      const none = await post(url, { text: 'x' });
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect((await post(url, { text: 'x' }, { authorization: 'Bearer wrong' })).status).toBe(401);
      expect((await post(url, { text: 'x' }, { authorization: `Bearer ${token}` })).status).toBe(200);
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      expect(() => createServer({ scanner, token: 'short' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    } finally {
      await server.close();
    }
  });

  it('answers only to allowed Host names (loopback names by default on loopback)', async () => {
    const server = createServer({ scanner, logger: false });
    const url = await server.listen({ port: 0 });
    const listed = createServer({ scanner, logger: false, allowedHosts: ['scan.internal'] });
    const url2 = await listed.listen({ port: 0 });
    try {
      const port = new URL(url).port;
      expect((await rawGet(url, '/healthz', `127.0.0.1:${port}`)).status).toBe(200);
      expect((await rawGet(url, '/healthz', `localhost:${port}`)).status).toBe(200);
      const evil = await rawGet(url, '/healthz', 'attacker.example');
      expect(evil.status).toBe(421);
      expect(JSON.parse(evil.body)).toMatchObject({ error: { code: 'HOST_NOT_ALLOWED' } });
      expect((await rawGet(url2, '/healthz', 'scan.internal:8787')).status).toBe(200);
      expect((await rawGet(url2, '/healthz', `127.0.0.1:${new URL(url2).port}`)).status).toBe(421);
    } finally {
      await server.close();
      await listed.close();
    }
  });

  it('logs at info by default (the "service log" that errors point to)', async () => {
    const server = createServer({ scanner });
    expect(server.app.log.level).toBe('info');
    await server.close();
  });
});

describe('the sidecar\'s edges (item 8)', () => {
  it('takes a body of exactly maxBody bytes and refuses one byte more with 413', async () => {
    const server = createServer({ scanner, logger: false, maxBody: 1024 });
    const url = await server.listen({ port: 0 });
    try {
      const exact = (n: number): string => {
        const s = JSON.stringify({ text: '' });
        return JSON.stringify({ text: 'x'.repeat(n - s.length) });
      };
      expect(Buffer.byteLength(exact(1024))).toBe(1024);
      expect((await post(url, exact(1024))).status).toBe(200);
      expect((await post(url, exact(1025))).status).toBe(413);
    } finally {
      await server.close();
    }
  });

  it('close() waits for requests in flight, which are answered; later connections are refused', async () => {
    const g = gated();
    const server = createServer({ scanner: g, logger: false });
    const url = await server.listen({ port: 0 });
    const inflight = post(url, { id: 'a', text: 'boat to uk' });
    await waitFor(() => g.calls > 0, 'the request to reach the classifier');
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(false);
    g.release();
    const res = await inflight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }).id).toBe('a');
    await closing;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
