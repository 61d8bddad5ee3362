import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SmuggleScanError } from '../../src/errors.js';
import { createScanner } from '../../src/index.js';
import { createServer, type BatchClassifier, type SmuggleScanServer } from '../../src/adapters/index.js';
import { parseSize } from '../../src/adapters/server/index.js';
import { manyPosts } from '../fixtures/helpers.js';

// Generous limits for a loaded 2-core CI machine; the tests themselves take a few seconds.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const scanner = createScanner({ model: false });

const post = (url: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${url}/v1/classify`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('createServer', () => {
  let server: SmuggleScanServer;
  let url: string;
  beforeAll(async () => {
    server = createServer({ scanner, maxBody: '4kb', maxBatch: 50, logger: false });
    url = await server.listen({ port: 0, host: '127.0.0.1' });
    await server.whenReady();
  });
  afterAll(() => server?.close());

  it('classifies {text} and {id, text} exactly as the library does', async () => {
    const text = 'Boat to UK 🇬🇧 3 places left, WhatsApp +44 7700 900123';
    const res = await post(url, { text });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(await scanner.classify(text));
    const withId = (await (await post(url, { id: 17, text })).json()) as { id: unknown };
    expect(withId).toEqual(await scanner.classify({ id: 17, text }));
    expect(withId.id).toBe('17');
  });

  it('classifies a batch in order, with error entries for bad items', async () => {
    const posts: unknown[] = manyPosts(12);
    posts[2] = 5;
    posts[7] = { id: 'q', text: null };
    posts.push('a plain string');
    const res = await post(url, { posts });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: Record<string, unknown>[] };
    expect(results).toHaveLength(13);
    expect(results[2]).toEqual({ id: null, error: { code: 'INVALID_INPUT', message: 'posts[2]: expected a string or an object with a string "text", got number.' } });
    expect(results[7]).toEqual({ id: 'q', error: { code: 'INVALID_INPUT', message: 'posts[7]: "text" must be a string, got null.' } });
    const expected = await scanner.classifyBatchSettled(posts);
    results.forEach((r, i) => {
      if (!('error' in r)) expect(r).toEqual(expected[i]);
    });
  });

  it('answers bad bodies with 400 and JSON errors', async () => {
    const cases: [unknown, Record<string, string> | undefined, number, string, RegExp][] = [
      ['{"text": ', undefined, 400, 'INVALID_INPUT', /not valid JSON/],
      ['', undefined, 400, 'INVALID_INPUT', /empty/],
      [{}, undefined, 400, 'INVALID_INPUT', /text: .*expected string/],
      [{ text: 5 }, undefined, 400, 'INVALID_INPUT', /text/],
      [[{ text: 'x' }], undefined, 400, 'INVALID_INPUT', /expected \{text\}/],
      ['null', undefined, 400, 'INVALID_INPUT', /expected/],
      [{ posts: [] }, undefined, 400, 'INVALID_INPUT', /posts/],
      [{ posts: 'x' }, undefined, 400, 'INVALID_INPUT', /posts/],
      [{ posts: Array.from({ length: 51 }, () => 'x') }, undefined, 400, 'INVALID_INPUT', /posts: .*50/],
      ['text=boat', { 'content-type': 'text/plain' }, 415, 'UNSUPPORTED_MEDIA_TYPE', /application\/json/],
      ['text=boat', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'UNSUPPORTED_MEDIA_TYPE', /application\/json/],
    ];
    for (const [body, headers, status, code, message] of cases) {
      const res = await post(url, body, headers);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect({ body, status: res.status, code: json.error?.code }).toEqual({ body, status, code });
      expect(json.error.message).toMatch(message);
    }
    const issues = ((await (await post(url, { id: 'x' })).json()) as { error: { issues: { path: unknown[] }[] } }).error.issues;
    expect(issues).toEqual([{ code: 'INVALID_INPUT', path: ['text'], message: expect.any(String) }]);
  });

  it('refuses bodies over the size limit with 413, with or without a content-length', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(5000) });
    const res = await post(url, big);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/larger than the limit of 4096 bytes/) } });
    // Chunked, so the server only learns the size while reading.
    const chunked = new ReadableStream({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode(i === 0 ? '{"text":"' + 'y'.repeat(1000) : 'y'.repeat(1000)));
        c.enqueue(new TextEncoder().encode('"}'));
        c.close();
      },
    });
    const res2 = await fetch(`${url}/v1/classify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunked, duplex: 'half' } as RequestInit);
    expect(res2.status).toBe(413);
    expect(((await res2.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    // Under the limit is fine.
    expect((await post(url, { text: 'z'.repeat(3000) })).status).toBe(200);
  });

  it('answers unknown routes and methods with JSON errors', async () => {
    const nf = await fetch(`${url}/v2/nothing`);
    expect(nf.status).toBe(404);
    expect(((await nf.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const get = await fetch(`${url}/v1/classify`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(((await get.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('serves health, readiness and OpenAPI', async () => {
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ status: 'ok' });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', model: null });

    const doc = (await (await fetch(`${url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { description: string }; responses: Record<string, unknown> }>>; components: { schemas: Record<string, { required?: string[] }> } };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual(['/healthz', '/metrics', '/openapi.json', '/readyz', '/v1/classify']);
    const classify = doc.paths['/v1/classify']!.post!;
    expect(Object.keys(classify.responses).sort()).toEqual(['200', '400', '413', '415', '503']);
    // The limits of this server (maxBody 4kb, maxBatch 50) are in the document.
    expect(classify.requestBody!.description).toMatch(/at most 4096 bytes; a batch holds at most 50 posts/);
    expect(doc.components.schemas.Post!.required).toEqual(['text']);
    expect(doc.components.schemas.ClassificationResult!.required).toContain('decision');
  });

  it('counts requests, decisions and errors in the Prometheus metrics, exactly', async () => {
    const metrics = async (): Promise<{ text: string; value(series: string): number }> => {
      const res = await fetch(`${url}/metrics`);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      const series = new Map<string, number>();
      for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) {
        // Every sample line is valid exposition format.
        expect(line).toMatch(/^[a-z_]+(\{([a-z_]+="[^"]*",?)*\})? [0-9.e+-]+$/);
        const at = line.lastIndexOf(' ');
        series.set(line.slice(0, at), Number(line.slice(at + 1)));
      }
      return { text, value: (name) => series.get(name) ?? 0 };
    };
    // Earlier tests used this server too: compare with the figures before this test's requests.
    const before = await metrics();
    const advert = 'Boat to UK 🇬🇧 3 places left, WhatsApp +44 7700 900123';
    const r = await scanner.classify(advert);
    expect(r.decision).not.toBe('allow');
    const top = Object.entries(r.labels).sort((a, b) => b[1] - a[1])[0]![0];
    expect((await post(url, { text: advert })).status).toBe(200);
    expect((await post(url, { text: 'nice weather today' })).status).toBe(200);
    expect((await post(url, { posts: [5, { id: 'q', text: null }] })).status).toBe(200);
    expect((await post(url, { text: 'x'.repeat(5000) })).status).toBe(413);
    expect((await fetch(`${url}/v2/nothing`)).status).toBe(404);
    const after = await metrics();

    const change = (series: string): number => after.value(series) - before.value(series);
    expect({
      ok: change('smugglescan_http_requests_total{route="/v1/classify",method="POST",status="200"}'),
      tooLarge: change('smugglescan_http_requests_total{route="/v1/classify",method="POST",status="413"}'),
      notFound: change('smugglescan_http_requests_total{route="unmatched",method="GET",status="404"}'),
      timed: change('smugglescan_http_request_duration_seconds_count{route="/v1/classify"}'),
      timedInf: change('smugglescan_http_request_duration_seconds_bucket{route="/v1/classify",le="+Inf"}'),
      advert: change(`smugglescan_decisions_total{label="${top}",decision="${r.decision}"}`),
      allowed: change('smugglescan_decisions_total{label="none",decision="allow"}'),
      invalid: change('smugglescan_classify_errors_total{code="INVALID_INPUT"}'),
    }).toEqual({ ok: 3, tooLarge: 1, notFound: 1, timed: 4, timedInf: 4, advert: 1, allowed: 1, invalid: 2 });
    expect(after.text).toMatch(/^smugglescan_ready 1$/m);
  });

  it('answers 200 concurrent requests correctly', async () => {
    const posts = manyPosts(200);
    const expected = await scanner.classifyBatch(posts);
    const t0 = performance.now();
    const answers = await Promise.all(
      posts.map(async (p, i) => {
        // One in ten is a small batch; the rest are single posts.
        const res = i % 10 === 0 ? await post(url, { posts: [p, p.text] }) : await post(url, p);
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      }),
    );
    const ms = performance.now() - t0;
    answers.forEach((a, i) => {
      expect(a.status).toBe(200);
      if (i % 10 === 0) {
        const results = a.body.results as unknown[];
        expect(results[0]).toEqual(expected[i]);
        expect(results[1]).toEqual({ ...expected[i], id: null });
      } else expect(a.body).toEqual(expected[i]);
    });
    expect(ms).toBeLessThan(15_000);
  });
});

describe('readiness and model failures', () => {
  it('answers /readyz 503 until the model is loaded, then 200', async () => {
    let release!: () => void;
    const loaded = new Promise<void>((r) => (release = r));
    const slow: BatchClassifier = {
      classifyBatchSettled: async (inputs) => {
        await loaded;
        return scanner.classifyBatchSettled(inputs);
      },
      ready: async () => {
        await loaded;
        return { id: 'fake-model', version: '1', sha256: 'abc' };
      },
    };
    const server = createServer({ scanner: slow });
    const url = await server.listen({ port: 0 });
    try {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const before = await fetch(`${url}/readyz`);
      expect(before.status).toBe(503);
      expect(await before.json()).toEqual({ status: 'loading', error: { code: 'NOT_READY', message: expect.any(String) } });
      expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^smugglescan_ready 0$/m);
      // A request made while loading waits for the model rather than failing.
      const early = post(url, { text: 'boat to uk' });
      release();
      expect((await early).status).toBe(200);
      await server.whenReady();
      const after = await fetch(`${url}/readyz`);
      expect(after.status).toBe(200);
      expect(await after.json()).toEqual({ status: 'ready', model: { id: 'fake-model', version: '1', sha256: 'abc' } });
    } finally {
      await server.close();
    }
  });

  it('answers 503 with the model error when the model cannot load', async () => {
    const missing = createServer({ scannerOptions: { model: '/nonexistent/model-folder' }, logger: false });
    const url = await missing.listen({ port: 0 });
    try {
      await expect(missing.whenReady()).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
      const r = await fetch(`${url}/readyz`);
      expect(r.status).toBe(503);
      // The code, not the path: folders on the server stay in the service log.
      const ready = await r.text();
      expect(JSON.parse(ready)).toMatchObject({ status: 'failed', error: { code: 'MODEL_NOT_FOUND', message: expect.stringMatching(/service log/) } });
      expect(ready).not.toMatch(/nonexistent/);
      const c = await post(url, { text: 'boat' });
      expect(c.status).toBe(503);
      const body = await c.text();
      expect((JSON.parse(body) as { error: { code: string } }).error.code).toBe('MODEL_NOT_FOUND');
      expect(body).not.toMatch(/nonexistent/);
    } finally {
      await missing.close();
    }
  });

  it('checks its options', () => {
    expect(parseSize('1mb')).toBe(1_048_576);
    expect(parseSize('512kb')).toBe(524_288);
    expect(parseSize(2048)).toBe(2048);
    expect(() => parseSize('lots')).toThrow(SmuggleScanError);
    expect(() => createServer({ maxBody: 'lots', scanner })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    expect(() => createServer({ maxBatch: 0, scanner })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    expect(() => createServer({ scanner: {} as never })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });
});
