/**
 * The sidecar's options: their documented type, the zod schema that checks them, and the size
 * parser for `maxBody`.
 * @module
 */
import { z } from 'zod';
import { SmuggleScanError } from '../../errors.js';
import type { ScannerOptions } from '../../scanner.js';
import type { BatchClassifier } from '../common.js';

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

export const ServerOptionsSchema = z
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

/** The options as checked. */
export type ParsedServerOptions = z.output<typeof ServerOptionsSchema>;

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
