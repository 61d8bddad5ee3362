/**
 * The HTTP sidecar (fastify): `POST /v1/classify`, `GET /healthz`, `GET /readyz`, `GET /metrics`,
 * `GET /openapi.json`. Bodies are validated with zod and capped in size; every error is JSON
 * `{error: {code, message, issues?}}` with a fitting status code.
 *
 * Single posts that arrive together are classified together (one batch per event-loop turn),
 * which is what a model wants; a batch body is classified in chunks so `/healthz` stays answered.
 * @module
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SmuggleScanError, formatIssues, fromZodIssues, type Issue } from '../errors.js';
import { createScanner, type ScannerOptions } from '../scanner.js';
import type { ClassificationResult, ModelInfo } from '../types.js';
import { LABELS } from '../taxonomy.js';
import { VERSION } from '../version.js';
import { isErrorRecord, parseOptions, relabel, type BatchClassifier, type SettledResult } from './common.js';
import { fastify } from './deps.js';
import { ServiceMetrics } from './metrics.js';
import { PostBodySchema, batchBodySchema, openApiDocument } from './openapi.js';

/** Error codes the service answers with, beyond the library's own. */
export type ServiceErrorCode = 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE' | 'NOT_FOUND' | 'METHOD_NOT_ALLOWED' | 'NOT_READY' | 'INTERNAL';

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
  /** Posts per internal classification chunk (default 64). */
  chunkSize?: number;
  /** fastify's logger (default false). */
  logger?: boolean;
}

const ServerOptionsSchema = z
  .object({
    scanner: z.custom<BatchClassifier>((v) => typeof v === 'object' && v !== null && typeof (v as BatchClassifier).classifyBatchSettled === 'function' && typeof (v as BatchClassifier).ready === 'function', 'a Scanner, a Pool or an object with classifyBatchSettled() and ready()').optional(),
    scannerOptions: z.record(z.string(), z.unknown()).optional(),
    maxBody: z.union([z.number().int().min(64), z.string()]).optional(),
    maxBatch: z.number().int().min(1).max(100_000).optional(),
    chunkSize: z.number().int().min(1).max(4096).optional(),
    logger: z.boolean().optional(),
  })
  .strict();

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

/** Classifies single posts that arrive in the same event-loop turn as one batch. */
class Coalescer {
  #queue: { input: unknown; resolve(r: SettledResult): void; reject(e: unknown): void }[] = [];
  #scheduled = false;
  constructor(
    private readonly classifier: BatchClassifier,
    private readonly max: number,
  ) {}
  classify(input: unknown): Promise<SettledResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ input, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }
  #flush(): void {
    this.#scheduled = false;
    while (this.#queue.length) {
      const part = this.#queue.splice(0, this.max);
      this.classifier.classifyBatchSettled(part.map((p) => p.input)).then(
        (results) => part.forEach((p, i) => p.resolve(results[i]!)),
        (e: unknown) => part.forEach((p) => p.reject(e)),
      );
    }
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
  const chunkSize = o.chunkSize ?? 64;
  const classifier: BatchClassifier = o.scanner ?? createScanner(o.scannerOptions as ScannerOptions | undefined);
  // With a pool, chunks of one batch run side by side; in-process they run one after another.
  const parallel = Math.max(1, Number((classifier as { workers?: unknown }).workers) || 1);
  const metrics = new ServiceMetrics();
  const coalescer = new Coalescer(classifier, chunkSize);
  const BatchSchema = batchBodySchema(maxBatch);
  const openapi = JSON.stringify(openApiDocument({ maxBatch, maxBody }));

  let ready = false;
  let loadError: SmuggleScanError | undefined;
  const readyPromise = classifier.ready().then(
    (info) => {
      ready = true;
      metrics.setReady(true);
      return info;
    },
    (e: unknown) => {
      loadError = e instanceof SmuggleScanError ? e : new SmuggleScanError('MODEL_RUNTIME', `The model could not be loaded: ${(e as Error)?.message ?? String(e)}`);
      throw loadError;
    },
  );
  readyPromise.catch(() => undefined);

  const app = fastify()({ logger: o.logger ?? false, bodyLimit: maxBody, return503OnClosing: true });
  // JSON only: a text/plain post is refused with 415 rather than half-understood.
  app.removeContentTypeParser('text/plain');

  app.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.request(reply.statusCode === 404 && !req.routeOptions.url ? 'unmatched' : route, req.method, reply.statusCode, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((err, _req, reply) => {
    const { status, body } = toHttp(err, maxBody);
    if (status >= 500 && !(err instanceof SmuggleScanError)) app.log.error(err);
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

  async function classifyBatch(posts: unknown[]): Promise<SettledResult[]> {
    const chunks: { offset: number; inputs: unknown[] }[] = [];
    for (let offset = 0; offset < posts.length; offset += chunkSize) chunks.push({ offset, inputs: posts.slice(offset, offset + chunkSize) });
    const out: SettledResult[][] = new Array(chunks.length);
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < chunks.length) {
        const k = next++;
        const c = chunks[k]!;
        out[k] = relabel(await classifier.classifyBatchSettled(c.inputs), c.offset, (i) => `posts[${i}]`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, chunks.length) }, lane));
    return out.flat();
  }

  app.post('/v1/classify', async (req) => {
    const body = req.body;
    if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'posts' in body) {
      const parsed = BatchSchema.safeParse(body);
      if (!parsed.success) throw invalid(parsed.error.issues);
      const results = await classifyBatch(parsed.data.posts);
      count(results);
      return { results };
    }
    const parsed = PostBodySchema.safeParse(body);
    if (!parsed.success) throw invalid(parsed.error.issues);
    const result = await coalescer.classify(parsed.data);
    count([result]);
    if (isErrorRecord(result)) throw new HttpError(400, result.error.code, result.error.message.replace(/^inputs\[\d+\]/, 'body'), result.error.issues);
    return result;
  });

  app.route({
    method: ['GET', 'PUT', 'PATCH', 'DELETE'],
    url: '/v1/classify',
    handler: (_req, reply) => reply.code(405).header('allow', 'POST').send({ error: { code: 'METHOD_NOT_ALLOWED', message: 'Use POST /v1/classify with a JSON body {text}, {id, text} or {posts: [...]}.' } }),
  });

  app.get('/healthz', async () => ({ status: 'ok', version: VERSION }));

  app.get('/readyz', async (_req, reply) => {
    if (ready) return { status: 'ready', model: await readyPromise };
    if (loadError) return reply.code(503).send({ status: 'failed', error: loadError.toJSON() });
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
    close: () => app.close(),
  };
}
