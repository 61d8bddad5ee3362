/**
 * The sidecar's routes: `POST /v1/classify` (one post or a batch body, with the posts-in-hand
 * cap), `GET /healthz`, `GET /readyz`, `GET /metrics` and `GET /openapi.json`.
 * @module
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ModelInfo } from '../../types.js';
import { VERSION } from '../../version.js';
import { isErrorRecord, reviveError } from '../common.js';
import type { ServiceMetrics } from '../metrics.js';
import { PostBodySchema, batchBodySchema, openApiDocument } from '../openapi.js';
import type { ServerState } from './app.js';
import { HttpError, invalidBody, publicMessage } from './errors.js';
import { countResults, type BatchBodies, type Coalescer } from './work.js';

/** What the routes need. */
export interface RouteContext {
  maxBody: number;
  maxBatch: number;
  /** Posts in hand over all requests before a request gets 503. */
  maxPending: number;
  metrics: ServiceMetrics;
  state: ServerState;
  coalescer: Coalescer;
  bodies: BatchBodies;
  /** Settles once the model is loaded (to its info) or could not load. */
  readyPromise: Promise<ModelInfo | null>;
}

type BatchSchema = ReturnType<typeof batchBodySchema>;

/** Answers one body: a batch (`{posts}`) as a JSON text, or one post as its result. */
async function classifyBody(ctx: RouteContext, batchSchema: BatchSchema, body: unknown, reply: FastifyReply, gone: () => boolean): Promise<unknown> {
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'posts' in body) {
    const parsed = batchSchema.safeParse(body);
    if (!parsed.success) throw invalidBody(parsed.error.issues);
    const parts = await ctx.bodies.classify(parsed.data.posts, gone);
    reply.type('application/json; charset=utf-8');
    return `{"results":[${parts.join(',')}]}`;
  }
  const parsed = PostBodySchema.safeParse(body);
  if (!parsed.success) throw invalidBody(parsed.error.issues);
  const result = await ctx.coalescer.classify(parsed.data);
  countResults(ctx.metrics, [result]);
  if (isErrorRecord(result)) {
    if (result.error.code !== 'INVALID_INPUT') throw reviveError(result.error);
    throw new HttpError(400, result.error.code, result.error.message.replace(/^inputs\[\d+\]/, 'body'), result.error.issues);
  }
  return result;
}

/** `POST /v1/classify` (and 405 for its other methods). */
function addClassifyRoute(app: FastifyInstance, ctx: RouteContext): void {
  const batchSchema = batchBodySchema(ctx.maxBatch);
  app.post('/v1/classify', async (req, reply) => {
    const body = req.body as { posts?: unknown } | null;
    const size = typeof body === 'object' && body !== null && Array.isArray(body.posts) ? Math.max(1, body.posts.length) : 1;
    const { state, maxPending } = ctx;
    // The first request is always taken, however large (maxBatch bounds it).
    if (state.pending > 0 && state.pending + size > maxPending) {
      return reply
        .code(503)
        .header('retry-after', '1')
        .send({ error: { code: 'OVERLOADED', message: `The service has ${state.pending} posts in hand (limit ${maxPending}); retry after the Retry-After header's seconds, or raise maxPendingPosts (--max-pending).` } });
    }
    state.pending += size;
    try {
      return await classifyBody(ctx, batchSchema, req.body, reply, () => req.raw.socket?.destroyed === true);
    } finally {
      state.pending -= size;
    }
  });

  app.route({
    method: ['GET', 'PUT', 'PATCH', 'DELETE'],
    url: '/v1/classify',
    handler: (_req, reply) => reply.code(405).header('allow', 'POST').send({ error: { code: 'METHOD_NOT_ALLOWED', message: 'Use POST /v1/classify with a JSON body {text}, {id, text} or {posts: [...]}.' } }),
  });
}

/**
 * Adds every route.
 * @example addRoutes(app, { maxBody, maxBatch, maxPending, metrics, state, coalescer, bodies, readyPromise });
 */
export function addRoutes(app: FastifyInstance, ctx: RouteContext): void {
  addClassifyRoute(app, ctx);
  const openapi = JSON.stringify(openApiDocument({ maxBatch: ctx.maxBatch, maxBody: ctx.maxBody }));

  app.get('/healthz', async () => ({ status: 'ok', version: VERSION }));

  app.get('/readyz', async (_req, reply) => {
    const { state } = ctx;
    if (state.ready) return { status: 'ready', model: await ctx.readyPromise };
    if (state.loadError) return reply.code(503).send({ status: 'failed', error: { code: state.loadError.code, message: publicMessage(state.loadError) } });
    return reply.code(503).send({ status: 'loading', error: { code: 'NOT_READY', message: 'The model is still loading; try again shortly.' } });
  });

  app.get('/metrics', async (_req, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(ctx.metrics.render()));

  app.get('/openapi.json', async (_req, reply) => reply.type('application/json; charset=utf-8').send(openapi));
}
