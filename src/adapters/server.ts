/**
 * The HTTP sidecar (fastify): `POST /v1/classify`, `GET /healthz`, `GET /readyz`, `GET /metrics`,
 * `GET /openapi.json`. Bodies are validated with zod and capped in size; every error is JSON
 * `{error: {code, message, issues?}}` with a fitting status code.
 *
 * Single posts that arrive together are classified together (one batch per event-loop turn),
 * which is what a model wants; a batch body is classified in chunks so `/healthz` stays answered.
 * @module
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SmuggleScanError, formatIssues, fromZodIssues, type Issue } from '../errors.js';
import { createScanner, type ScannerOptions } from '../scanner.js';
import type { ClassificationResult, ModelInfo } from '../types.js';
import { LABELS } from '../taxonomy.js';
import { VERSION } from '../version.js';
import { isErrorRecord, parseOptions, relabel, reviveError, type BatchClassifier, type SettledResult } from './common.js';
import { fastify } from './deps.js';
import { ServiceMetrics } from './metrics.js';
import { PostBodySchema, batchBodySchema, openApiDocument } from './openapi.js';

/** Error codes the service answers with, beyond the library's own. */
export type ServiceErrorCode =
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'NOT_READY'
  | 'INTERNAL'
  /** 503 with `Retry-After`: `maxPendingPosts` posts are already being worked on. */
  | 'OVERLOADED'
  /** 401: a `token` is set and the request did not carry it as `Authorization: Bearer ...`. */
  | 'UNAUTHORIZED'
  /** 421: the `Host` header is not in `allowedHosts`. */
  | 'HOST_NOT_ALLOWED';

/** fastify's log levels, or false for no log. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** Options of {@link createServer}. */
export interface ServerOptions {
  /** Who classifies: a Scanner, a Pool, or any {@link BatchClassifier}. Default: `createScanner(scannerOptions)`. */
  scanner?: BatchClassifier;
  /** Options for the scanner made when `scanner` is not given. */
  scannerOptions?: ScannerOptions;
  /** Largest request body: bytes, or a size such as `'512kb'`, `'1mb'` (default `'1mb'`). Larger bodies get 413. */
  maxBody?: number | string;
  /** Most posts in one batch body (default 1000). */
  maxBatch?: number;
  /** Posts per internal classification chunk (default 16); the event loop runs between chunks. */
  chunkSize?: number;
  /** fastify's structured (JSON) logger on stdout: a level, true for `'info'`, or false for none (default `'info'`). */
  logger?: boolean | LogLevel;
  /** Longest time to receive one whole request, in ms (default 30,000; slow clients get 408). */
  requestTimeoutMs?: number;
  /** A connection idle this long is closed, in ms (default 60,000). */
  connectionTimeoutMs?: number;
  /** Most open connections (default 1,024); more are refused. */
  maxConnections?: number;
  /** Posts being worked on at once, over all requests (default 10,000); a request that would go over gets 503 with `Retry-After`. */
  maxPendingPosts?: number;
  /** When set, `POST /v1/classify` and `GET /metrics` need `Authorization: Bearer <token>` (the probes and /openapi.json stay open). */
  token?: string;
  /**
   * Host names (without port) the `Host` header may carry; others get 421. Default: when
   * listening on a loopback address, only `localhost`, `127.0.0.1` and `[::1]` (against DNS
   * rebinding); on any other address, every host. `['*']` allows every host.
   */
  allowedHosts?: string[];
}

const ServerOptionsSchema = z
  .object({
    scanner: z.custom<BatchClassifier>((v) => typeof v === 'object' && v !== null && typeof (v as BatchClassifier).classifyBatchSettled === 'function' && typeof (v as BatchClassifier).ready === 'function', 'a Scanner, a Pool or an object with classifyBatchSettled() and ready()').optional(),
    scannerOptions: z.record(z.string(), z.unknown()).optional(),
    maxBody: z.union([z.number().int().min(64), z.string()]).optional(),
    maxBatch: z.number().int().min(1).max(100_000).optional(),
    chunkSize: z.number().int().min(1).max(4096).optional(),
    logger: z.union([z.boolean(), z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])]).optional(),
    requestTimeoutMs: z.number().int().min(1).max(3_600_000).optional(),
    connectionTimeoutMs: z.number().int().min(1).max(3_600_000).optional(),
    maxConnections: z.number().int().min(1).max(1_000_000).optional(),
    maxPendingPosts: z.number().int().min(1).max(10_000_000).optional(),
    token: z.string().min(16, 'use a token of at least 16 characters').max(4096).optional(),
    allowedHosts: z.array(z.string().min(1).max(255)).min(1).optional(),
  })
  .strict();

/** About how long one in-process chunk may hold the event loop. */
const CHUNK_BUDGET_MS = 25;

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]', '::1'];

/** The host name of a Host header, lower-cased and without its port. */
function hostName(header: string | undefined): string {
  const h = (header ?? '').trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * Turns of the event loop, handed out one at a time over every request: `await turns.next()`
 * resolves on a later loop iteration than the last turn given, so between two chunks of work
 * (from any request) sockets and timers always run and `/healthz` stays answered.
 */
class Turns {
  #waiting: (() => void)[] = [];
  #scheduled = false;
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#schedule();
    });
  }
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#waiting.shift()?.();
      if (this.#waiting.length) this.#schedule();
    });
  }
}

/** A running (or ready to run) sidecar. */
export interface SmuggleScanServer {
  /** The fastify instance, for adding routes or hooks before `listen`. */
  readonly app: FastifyInstance;
  readonly metrics: ServiceMetrics;
  /** True once the model is loaded. */
  readonly isReady: boolean;
  /** Resolves once the model is loaded (to its info, or null for rules only); rejects if it cannot load. */
  whenReady(): Promise<ModelInfo | null>;
  /** Starts listening (default 127.0.0.1:8787; port 0 picks a free one) and resolves to the base URL. */
  listen(options?: { port?: number; host?: string }): Promise<string>;
  /** Stops taking connections and waits for requests in hand. */
  close(): Promise<void>;
}

/**
 * Parses a size: a number of bytes, or digits with `b`, `kb`, `mb` or `gb` (powers of 1024).
 * @example parseSize('1mb') // 1048576
 */
export function parseSize(size: number | string): number {
  if (typeof size === 'number' && Number.isInteger(size) && size > 0) return size;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?\s*$/i.exec(String(size));
  if (!m) throw new SmuggleScanError('INVALID_OPTIONS', `maxBody: "${size}" is not a size. Use bytes (1048576) or a size such as 512kb or 1mb.`);
  const unit = (m[2] ?? 'b').toLowerCase()[0]!;
  const bytes = Math.floor(Number(m[1]) * ({ b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 } as Record<string, number>)[unit]!);
  if (bytes < 64) throw new SmuggleScanError('INVALID_OPTIONS', `maxBody: ${size} is too small; use at least 64 bytes.`);
  return bytes;
}

/** An error with an HTTP status, sent as `{error: {code, message, issues?}}`. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
  }
}

const FASTIFY_ERRORS: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'INVALID_INPUT'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'INVALID_INPUT'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'INVALID_INPUT'],
};

function toHttp(err: unknown, maxBody: number): { status: number; body: { error: { code: string; message: string; issues?: Issue[] } } } {
  const body = (code: string, message: string, issues: Issue[] = []) => ({ error: issues.length ? { code, message, issues } : { code, message } });
  if (err instanceof HttpError) return { status: err.status, body: body(err.code, err.message, err.issues) };
  if (err instanceof SmuggleScanError) {
    const status = err.code === 'INVALID_INPUT' ? 400 : err.code.startsWith('MODEL_') || err.code === 'UNAVAILABLE' || err.code === 'CLOSED' ? 503 : 500;
    // Model and service errors name files and folders on the server: those stay in the log.
    if (status !== 400) return { status, body: body(err.code, publicMessage(err)) };
    return { status, body: body(err.code, err.message, err.issues) };
  }
  const fe = err as Partial<FastifyError> & { type?: string };
  const known = fe.code ? FASTIFY_ERRORS[fe.code] : undefined;
  if (known) {
    const message =
      known[1] === 'PAYLOAD_TOO_LARGE'
        ? `The request body is larger than the limit of ${maxBody} bytes. Send fewer posts per request, or raise the limit (--max-body).`
        : known[1] === 'UNSUPPORTED_MEDIA_TYPE'
          ? 'Send the body as application/json.'
          : fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
            ? 'The request body is empty. Send JSON: {text}, {id, text} or {posts: [...]}.'
            : 'The request body is not valid JSON. Send {text}, {id, text} or {posts: [...]}.';
    return { status: known[0], body: body(known[1], message) };
  }
  // A body that JSON.parse rejected.
  if (err instanceof SyntaxError || fe.statusCode === 400) {
    return { status: 400, body: body('INVALID_INPUT', `The request body is not valid JSON: ${(err as Error).message}`) };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: body('INVALID_INPUT', fe.message ?? 'Bad request.') };
  }
  return { status: 500, body: body('INTERNAL', 'Internal error; see the service log.') };
}

/** What a caller may read of a server-side error: its code, never the paths in its message. */
function publicMessage(e: SmuggleScanError): string {
  if (e.code.startsWith('MODEL_')) return `The model could not be loaded or run (${e.code}); the service log has the details.`;
  if (e.code === 'CLOSED') return 'The service is shutting down; retry on another instance.';
  return `The service could not classify the posts (${e.code}); the service log has the details.`;
}

/** Classifies single posts that arrive in the same event-loop turn as one batch. */
class Coalescer {
  #queue: { input: unknown; resolve(r: SettledResult): void; reject(e: unknown): void }[] = [];
  #scheduled = false;
  constructor(
    private readonly classifier: BatchClassifier,
    private readonly max: number,
    private readonly turns: Turns,
  ) {}
  classify(input: unknown): Promise<SettledResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ input, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => void this.#flush());
      }
    });
  }
  async #flush(): Promise<void> {
    while (this.#queue.length) {
      await this.turns.next();
      const part = this.#queue.splice(0, this.max);
      try {
        const results = await this.classifier.classifyBatchSettled(part.map((p) => p.input));
        part.forEach((p, i) => p.resolve(results[i]!));
      } catch (e) {
        part.forEach((p) => p.reject(e));
      }
    }
    this.#scheduled = false;
  }
}

/** The top-scoring label of a result, for the decisions metric. */
function topLabel(r: ClassificationResult): string {
  if (r.decision === 'allow') return 'none';
  let best: string = LABELS[0];
  for (const l of LABELS) if (r.labels[l] > r.labels[best as (typeof LABELS)[number]]) best = l;
  return best;
}

/**
 * Builds the sidecar; call `listen()` to serve. The model starts loading at once; `/readyz`
 * answers 200 once it is loaded.
 * @example
 * const server = createServer({ scannerOptions: { model: false }, maxBody: '1mb' });
 * const url = await server.listen({ port: 8787, host: '127.0.0.1' });
 * await fetch(`${url}/v1/classify`, { method: 'POST', headers: { 'content-type': 'application/json' },
 *   body: JSON.stringify({ id: 'p1', text: 'Boat to UK, 3 places left' }) });
 * await server.close();
 */
export function createServer(options: ServerOptions = {}): SmuggleScanServer {
  const o = parseOptions(ServerOptionsSchema, options, 'server');
  const maxBody = parseSize(o.maxBody ?? '1mb');
  const maxBatch = o.maxBatch ?? 1000;
  const chunkSize = o.chunkSize ?? 16;
  const classifier: BatchClassifier = o.scanner ?? createScanner(o.scannerOptions as ScannerOptions | undefined);
  // With a pool, chunks of one batch run side by side; in-process they run one after another.
  const parallel = Math.max(1, Number((classifier as { workers?: unknown }).workers) || 1);
  const metrics = new ServiceMetrics();
  const turns = new Turns();
  const coalescer = new Coalescer(classifier, chunkSize, turns);
  const BatchSchema = batchBodySchema(maxBatch);
  const openapi = JSON.stringify(openApiDocument({ maxBatch, maxBody }));

  let ready = false;
  let loadError: SmuggleScanError | undefined;
  // Ready once the model is loaded and one post went through (rule packs compiled, code warm), so
  // the first real request does not hold the event loop for the warm-up.
  const readyPromise = classifier.ready().then(
    async (info) => {
      await classifier.classifyBatchSettled(['warm-up']).catch(() => undefined);
      ready = true;
      metrics.setReady(true);
      return info;
    },
    (e: unknown) => {
      loadError = e instanceof SmuggleScanError ? e : new SmuggleScanError('MODEL_RUNTIME', `The model could not be loaded: ${(e as Error)?.message ?? String(e)}`);
      app.log.error(loadError, 'the model could not be loaded');
      throw loadError;
    },
  );
  readyPromise.catch(() => undefined);

  const level = o.logger === undefined || o.logger === true ? 'info' : o.logger;
  const maxPending = o.maxPendingPosts ?? 10_000;
  let pending = 0;
  const requestTimeout = o.requestTimeoutMs ?? 30_000;
  const connectionTimeout = o.connectionTimeoutMs ?? 60_000;
  const app = fastify()({
    logger: level === false ? false : { level },
    bodyLimit: maxBody,
    return503OnClosing: true,
    // Node checks request timeouts every connectionsCheckingInterval (30 s by default): check
    // often enough for the timeout to mean what it says.
    serverFactory: (handler) => {
      const server = createHttpServer(
        { requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.max(25, Math.min(30_000, Math.floor(requestTimeout / 4))) },
        handler,
      );
      server.setTimeout(connectionTimeout);
      server.keepAliveTimeout = Math.min(72_000, connectionTimeout); // fastify's own default, within the idle limit
      server.maxConnections = o.maxConnections ?? 1024;
      return server;
    },
  });
  const tokenDigest = o.token === undefined ? undefined : digest(o.token);
  const allowAll = o.allowedHosts?.includes('*') ?? false;
  const allowed = new Set((o.allowedHosts ?? []).map((h) => hostName(h.includes(':') && !h.startsWith('[') && h.split(':').length > 2 ? `[${h}]` : h)));
  const hostAllowed = (header: string | undefined): boolean => {
    if (allowAll) return true;
    const name = hostName(header);
    if (o.allowedHosts) return allowed.has(name);
    // Default: a loopback listener answers only to loopback names (no DNS rebinding).
    const a = app.server.address();
    const loopback = a && typeof a === 'object' && (a.address === '::1' || a.address.startsWith('127.'));
    return !loopback || LOOPBACK_HOSTS.includes(name);
  };

  // While closing, answer the requests in hand with "Connection: close", so that their keep-alive
  // sockets do not hold close() open for the keep-alive timeout.
  let closing = false;
  app.addHook('onSend', async (_req: FastifyRequest, reply: FastifyReply) => {
    if (closing) reply.header('connection', 'close');
  });

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!hostAllowed(req.headers.host)) {
      return reply
        .code(421)
        .send({ error: { code: 'HOST_NOT_ALLOWED', message: 'This Host is not served here. Use the address the service listens on, or add the name to allowedHosts (--allowed-hosts).' } });
    }
    const path = req.url.split('?')[0];
    if (tokenDigest && (path === '/v1/classify' || path === '/metrics')) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
      if (!m || !timingSafeEqual(digest(m[1]!), tokenDigest)) {
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .send({ error: { code: 'UNAUTHORIZED', message: 'Send the service token as "Authorization: Bearer <token>".' } });
      }
    }
    return undefined;
  });
  // JSON only: a text/plain post is refused with 415 rather than half-understood.
  app.removeContentTypeParser('text/plain');

  app.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.request(reply.statusCode === 404 && !req.routeOptions.url ? 'unmatched' : route, req.method, reply.statusCode, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((err, _req, reply) => {
    const { status, body } = toHttp(err, maxBody);
    if (status >= 500) app.log.error(err);
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });

  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({
      error: { code: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}. Routes: POST /v1/classify, GET /healthz, GET /readyz, GET /metrics, GET /openapi.json.` },
    }),
  );

  const invalid = (issues: readonly { path: readonly PropertyKey[]; message: string }[]): HttpError => {
    const ours = fromZodIssues('INVALID_INPUT', issues);
    return new HttpError(400, 'INVALID_INPUT', `Invalid request body: expected {text}, {id, text} or {posts: [...]}.\n${formatIssues(ours)}`, ours);
  };

  const count = (results: SettledResult[]): void => {
    for (const r of results) {
      if (isErrorRecord(r)) metrics.error(r.error.code);
      else metrics.decision(topLabel(r), r.decision);
    }
  };

  // In-process, a chunk blocks the event loop for as long as it takes: chunks are sized from the
  // time posts took so far, to about CHUNK_BUDGET_MS each (at most chunkSize posts).
  let msPerPost = 0;
  const nextSize = (): number => (parallel > 1 ? chunkSize : msPerPost === 0 ? Math.min(chunkSize, 2) : Math.max(1, Math.min(chunkSize, Math.floor(CHUNK_BUDGET_MS / msPerPost))));

  /** Classifies a batch body chunk by chunk, and serialises each chunk's results as it goes (11 MB of JSON at once would block the loop too). */
  async function classifyBatch(posts: unknown[], gone: () => boolean): Promise<string[]> {
    const out: { offset: number; json: string }[] = [];
    let cursor = 0;
    const lane = async (): Promise<void> => {
      while (cursor < posts.length) {
        // An in-process scanner works synchronously: take a turn of the event loop before each
        // chunk, so that sockets, timers and /healthz run between chunks of every request.
        await turns.next();
        if (cursor >= posts.length) break;
        // The client has gone: nobody will read the rest.
        if (gone()) throw new HttpError(499, 'CLIENT_GONE', 'The client closed the connection.');
        const offset = cursor;
        const inputs = posts.slice(offset, offset + nextSize());
        cursor += inputs.length;
        const t0 = performance.now();
        const results = relabel(await classifier.classifyBatchSettled(inputs), offset, (i) => `posts[${i}]`);
        const json = results.map((r) => JSON.stringify(r)).join(',');
        const per = (performance.now() - t0) / inputs.length;
        msPerPost = msPerPost === 0 ? per : 0.7 * msPerPost + 0.3 * per;
        count(results);
        out.push({ offset, json });
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, posts.length) }, lane));
    return out.sort((a, b) => a.offset - b.offset).map((x) => x.json).filter((x) => x !== '');
  }

  app.post('/v1/classify', async (req, reply) => {
    const body = req.body as { posts?: unknown } | null;
    const size = typeof body === 'object' && body !== null && Array.isArray(body.posts) ? Math.max(1, body.posts.length) : 1;
    // The first request is always taken, however large (maxBatch bounds it).
    if (pending > 0 && pending + size > maxPending) {
      return reply
        .code(503)
        .header('retry-after', '1')
        .send({ error: { code: 'OVERLOADED', message: `The service has ${pending} posts in hand (limit ${maxPending}); retry after the Retry-After header's seconds, or raise maxPendingPosts (--max-pending).` } });
    }
    pending += size;
    try {
      return await classifyRoute(req.body, reply, () => req.raw.socket?.destroyed === true);
    } finally {
      pending -= size;
    }
  });

  async function classifyRoute(body: unknown, reply: FastifyReply, gone: () => boolean): Promise<unknown> {
    if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'posts' in body) {
      const parsed = BatchSchema.safeParse(body);
      if (!parsed.success) throw invalid(parsed.error.issues);
      const parts = await classifyBatch(parsed.data.posts, gone);
      reply.type('application/json; charset=utf-8');
      return `{"results":[${parts.join(',')}]}`;
    }
    const parsed = PostBodySchema.safeParse(body);
    if (!parsed.success) throw invalid(parsed.error.issues);
    const result = await coalescer.classify(parsed.data);
    count([result]);
    if (isErrorRecord(result)) {
      if (result.error.code !== 'INVALID_INPUT') throw reviveError(result.error);
      throw new HttpError(400, result.error.code, result.error.message.replace(/^inputs\[\d+\]/, 'body'), result.error.issues);
    }
    return result;
  }

  app.route({
    method: ['GET', 'PUT', 'PATCH', 'DELETE'],
    url: '/v1/classify',
    handler: (_req, reply) => reply.code(405).header('allow', 'POST').send({ error: { code: 'METHOD_NOT_ALLOWED', message: 'Use POST /v1/classify with a JSON body {text}, {id, text} or {posts: [...]}.' } }),
  });

  app.get('/healthz', async () => ({ status: 'ok', version: VERSION }));

  app.get('/readyz', async (_req, reply) => {
    if (ready) return { status: 'ready', model: await readyPromise };
    if (loadError) return reply.code(503).send({ status: 'failed', error: { code: loadError.code, message: publicMessage(loadError) } });
    return reply.code(503).send({ status: 'loading', error: { code: 'NOT_READY', message: 'The model is still loading; try again shortly.' } });
  });

  app.get('/metrics', async (_req, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(metrics.render()));

  app.get('/openapi.json', async (_req, reply) => reply.type('application/json; charset=utf-8').send(openapi));

  return {
    app,
    metrics,
    get isReady() {
      return ready;
    },
    whenReady: () => readyPromise,
    async listen(opts = {}) {
      const address = await app.listen({ port: opts.port ?? 8787, host: opts.host ?? '127.0.0.1' });
      const a = app.server.address();
      if (a && typeof a === 'object') {
        const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
        return `http://${host}:${a.port}`;
      }
      return address;
    },
    close: () => {
      closing = true;
      return app.close();
    },
  };
}
