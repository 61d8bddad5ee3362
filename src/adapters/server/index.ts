/**
 * The HTTP sidecar (fastify): `POST /v1/classify`, `GET /healthz`, `GET /readyz`, `GET /metrics`,
 * `GET /openapi.json`. Bodies are validated with zod and capped in size; every error is JSON
 * `{error: {code, message, issues?}}` with a fitting status code.
 *
 * Single posts that arrive together are classified together (one batch per event-loop turn),
 * which is what a model wants; a batch body is classified in chunks so `/healthz` stays answered.
 * Options are in `options.ts`, the hooks in `app.ts`, the routes in `routes.ts`, error answers in
 * `errors.ts` and the chunking in `work.ts`.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { SmuggleScanError } from '../../errors.js';
import { createScanner, type ScannerOptions } from '../../scanner.js';
import type { ModelInfo } from '../../types.js';
import { parseOptions, type BatchClassifier } from '../common.js';
import { ServiceMetrics } from '../metrics.js';
import { addHooks, createApp, type ServerState } from './app.js';
import { ServerOptionsSchema, parseSize, type ServerOptions } from './options.js';
import { addRoutes } from './routes.js';
import { BatchBodies, Coalescer, Turns } from './work.js';

export { parseSize, type LogLevel, type ServerOptions, type ServiceErrorCode } from './options.js';

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
 * Waits for the model, then warms up with one post (rule packs compiled, code warm), so the first
 * real request does not hold the event loop for the warm-up. A load failure is kept in `state`
 * and logged once the app exists.
 */
function trackReadiness(classifier: BatchClassifier, metrics: ServiceMetrics, state: ServerState, log: () => FastifyInstance['log']): Promise<ModelInfo | null> {
  const readyPromise = classifier.ready().then(
    async (info) => {
      await classifier.classifyBatchSettled(['warm-up']).catch(() => undefined);
      state.ready = true;
      metrics.setReady(true);
      return info;
    },
    (e: unknown) => {
      const loadError = e instanceof SmuggleScanError ? e : new SmuggleScanError('MODEL_RUNTIME', `The model could not be loaded: ${(e as Error)?.message ?? String(e)}`);
      state.loadError = loadError;
      log().error(loadError, 'the model could not be loaded');
      throw loadError;
    },
  );
  readyPromise.catch(() => undefined);
  return readyPromise;
}

/** The base URL the app listens on. */
async function listenOn(app: FastifyInstance, opts: { port?: number; host?: string }): Promise<string> {
  const address = await app.listen({ port: opts.port ?? 8787, host: opts.host ?? '127.0.0.1' });
  const a = app.server.address();
  if (a && typeof a === 'object') {
    const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
    return `http://${host}:${a.port}`;
  }
  return address;
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
  const metrics = new ServiceMetrics();
  const turns = new Turns();
  const state: ServerState = { ready: false, loadError: undefined, closing: false, pending: 0 };
  // The model starts loading before the app is built; a failure is logged through the app's logger.
  const readyPromise = trackReadiness(classifier, metrics, state, () => app.log);
  const app = createApp(o, maxBody);
  addHooks(app, o, maxBody, metrics, state);
  addRoutes(app, {
    maxBody,
    maxBatch,
    maxPending: o.maxPendingPosts ?? 10_000,
    metrics,
    state,
    coalescer: new Coalescer(classifier, chunkSize, turns),
    bodies: new BatchBodies(classifier, chunkSize, turns, metrics),
    readyPromise,
  });
  return {
    app,
    metrics,
    get isReady() {
      return state.ready;
    },
    whenReady: () => readyPromise,
    listen: (opts = {}) => listenOn(app, opts),
    close: () => {
      state.closing = true;
      return app.close();
    },
  };
}
