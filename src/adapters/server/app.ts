/**
 * The sidecar's fastify instance and the hooks every request goes through: the Host check (against
 * DNS rebinding), the bearer token, the request metrics, and JSON errors for every failure.
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SmuggleScanError } from '../../errors.js';
import { fastify } from '../deps.js';
import type { ServiceMetrics } from '../metrics.js';
import { toHttp } from './errors.js';
import type { ParsedServerOptions } from './options.js';

/** What the hooks and routes read and change while the server runs. */
export interface ServerState {
  /** True once the model is loaded and one post went through. */
  ready: boolean;
  /** Why the model could not load, once it failed. */
  loadError: SmuggleScanError | undefined;
  /** True once close() was called. */
  closing: boolean;
  /** Posts being worked on, over all requests. */
  pending: number;
}

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
 * The fastify instance, with Node's request and connection limits set from the options.
 * @example const app = createApp(parseOptions(ServerOptionsSchema, {}, 'server'), 1 << 20);
 */
export function createApp(o: ParsedServerOptions, maxBody: number): FastifyInstance {
  const level = o.logger === undefined || o.logger === true ? 'info' : o.logger;
  const requestTimeout = o.requestTimeoutMs ?? 30_000;
  const connectionTimeout = o.connectionTimeoutMs ?? 60_000;
  return fastify()({
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
}

/** Whether a Host header may be served: `allowedHosts`, or by default loopback names on a loopback listener. */
function hostCheck(app: FastifyInstance, allowedHosts: string[] | undefined): (header: string | undefined) => boolean {
  const allowAll = allowedHosts?.includes('*') ?? false;
  const allowed = new Set((allowedHosts ?? []).map((h) => hostName(h.includes(':') && !h.startsWith('[') && h.split(':').length > 2 ? `[${h}]` : h)));
  return (header) => {
    if (allowAll) return true;
    const name = hostName(header);
    if (allowedHosts) return allowed.has(name);
    // Default: a loopback listener answers only to loopback names (no DNS rebinding).
    const a = app.server.address();
    const loopback = a && typeof a === 'object' && (a.address === '::1' || a.address.startsWith('127.'));
    return !loopback || LOOPBACK_HOSTS.includes(name);
  };
}

/** The Host check and the bearer token, before anything else runs. */
function addGuards(app: FastifyInstance, o: ParsedServerOptions): void {
  const tokenDigest = o.token === undefined ? undefined : digest(o.token);
  const hostAllowed = hostCheck(app, o.allowedHosts);
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
}

/**
 * Adds the hooks: closing connections while closing, the guards, JSON only, request metrics,
 * and JSON answers for errors and unknown routes.
 * @example addHooks(app, o, maxBody, metrics, state);
 */
export function addHooks(app: FastifyInstance, o: ParsedServerOptions, maxBody: number, metrics: ServiceMetrics, state: ServerState): void {
  // While closing, answer the requests in hand with "Connection: close", so that their keep-alive
  // sockets do not hold close() open for the keep-alive timeout.
  app.addHook('onSend', async (_req: FastifyRequest, reply: FastifyReply) => {
    if (state.closing) reply.header('connection', 'close');
  });
  addGuards(app, o);
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
}
