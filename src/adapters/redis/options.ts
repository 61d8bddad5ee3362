/**
 * The Redis worker's options (their documented type and the zod schema that checks them), its
 * events, counters and handle.
 * @module
 */
import type { Redis, RedisOptions } from 'ioredis';
import { z } from 'zod';
import type { ScannerOptions } from '../../scanner.js';
import type { ClassificationResult } from '../../types.js';
import type { BatchClassifier } from '../common.js';

/** A result handed to `onResult`. */
export interface RedisResult {
  /** The input entry's stream ID. */
  entryId: string;
  /** The post's `id` field, or the entry ID when it has none. */
  id: string;
  result: ClassificationResult;
}

/** What the worker reports as it goes. */
export type RedisWorkerEvent =
  | { type: 'claimed'; count: number }
  | { type: 'dead-letter'; entryId: string; id: string | null; reason: string }
  | { type: 'error'; during: string; error: Error };

/** Options of {@link createRedisWorker}. */
export interface RedisWorkerOptions {
  /** A Redis URL (`redis://host:6379/0`), ioredis options, or a client whose settings to copy. */
  redis: string | RedisOptions | Redis;
  /** The input stream (fields `id`, `text`). */
  stream: string;
  /** The consumer group; every worker of one deployment uses the same. */
  group: string;
  /** This worker's name in the group; unique per worker (default `<hostname>-<pid>-<n>`). Keep it stable across restarts to re-read your own pending entries at once. */
  consumer?: string;
  /** The results stream. At least one of `results` and `onResult` is needed. */
  results?: string;
  /** Trim the results stream to about this many entries (`MAXLEN ~`); default: no trimming. */
  resultsMaxLen?: number;
  /** Called for each result before it is acknowledged; a throw leaves the entry pending, to be retried. */
  onResult?: (r: RedisResult) => void | Promise<void>;
  /** The dead-letter stream (default `<stream>-dead`). */
  deadLetter?: string;
  /** Deliveries an entry may have before it is dead-lettered (default 3). */
  maxAttempts?: number;
  /** Pending entries idle this long are claimed from their consumer (default 30,000 ms). */
  claimIdleMs?: number;
  /** Entries per read and per classification batch (default 64). */
  batchSize?: number;
  /** How long one blocking read waits (default 2,000 ms). `stop()` cuts a read short with CLIENT UNBLOCK; where that command is not allowed, it waits out the read. */
  blockMs?: number;
  /** Where a newly created group starts: `0` (every entry already in the stream, default) or `$` (only new ones). */
  groupStart?: '0' | '$';
  /** Who classifies: a Scanner, a Pool, or any {@link BatchClassifier}. Default: `createScanner(scannerOptions)`. */
  scanner?: BatchClassifier;
  scannerOptions?: ScannerOptions;
  /** Progress and problems (dead letters, claims, Redis errors). */
  onEvent?: (e: RedisWorkerEvent) => void;
  /** The Redis password, when not in the URL (keep it out of URLs: they get printed). */
  password?: string;
  /** About how many bytes of entries one batch holds (default 8 MiB): reads ask for fewer entries when entries are large. */
  maxBatchBytes?: number;
}

/** An ioredis client (duck-typed: ioredis itself loads only when a worker is created). */
export const isClient = (v: unknown): v is Redis => typeof v === 'object' && v !== null && typeof (v as Redis).duplicate === 'function' && typeof (v as Redis).xadd === 'function';

const Name = z.string().min(1).max(512);
export const RedisWorkerOptionsSchema = z
  .object({
    redis: z.union([
      z.string().min(1),
      z.custom<Redis>((v) => isClient(v), 'an ioredis client'),
      z.record(z.string(), z.unknown()),
    ]),
    stream: Name,
    group: Name,
    consumer: Name.optional(),
    results: Name.optional(),
    resultsMaxLen: z.number().int().min(1).optional(),
    onResult: z.custom<RedisWorkerOptions['onResult']>((v) => typeof v === 'function', 'a function').optional(),
    deadLetter: Name.optional(),
    maxAttempts: z.number().int().min(1).max(1000).optional(),
    claimIdleMs: z.number().int().min(10).optional(),
    batchSize: z.number().int().min(1).max(10_000).optional(),
    blockMs: z.number().int().min(1).max(600_000).optional(),
    groupStart: z.enum(['0', '$']).optional(),
    scanner: z.custom<BatchClassifier>((v) => typeof v === 'object' && v !== null && typeof (v as BatchClassifier).classifyBatchSettled === 'function', 'a Scanner, a Pool or an object with classifyBatchSettled()').optional(),
    scannerOptions: z.record(z.string(), z.unknown()).optional(),
    onEvent: z.custom<RedisWorkerOptions['onEvent']>((v) => typeof v === 'function', 'a function').optional(),
    password: z.string().min(1).optional(),
    maxBatchBytes: z.number().int().min(1024).max(1024 ** 3).optional(),
  })
  .strict()
  .refine((o) => o.results !== undefined || o.onResult !== undefined, { message: 'Give a results stream (results) or a callback (onResult), or both.', path: ['results'] });

/** Counters since `start()`. */
export interface RedisWorkerStats {
  /** New entries read. */
  read: number;
  /** Entries claimed from other consumers (or re-read from this one's own pending list). */
  claimed: number;
  /** Results written (and acknowledged). */
  classified: number;
  /** Entries acknowledged: results, dead letters and deleted entries. */
  acked: number;
  deadLettered: number;
  /** Batches that failed as a whole (model or Redis errors); their entries stay pending. */
  failedBatches: number;
}

/** A running worker. */
export interface RedisWorker {
  readonly consumer: string;
  readonly stats: Readonly<RedisWorkerStats>;
  /** Connects, creates the group when missing, and starts consuming. Throws `UNAVAILABLE` when Redis cannot be reached. */
  start(): Promise<void>;
  /** Finishes the batch in hand (results written and acknowledged), then disconnects. */
  stop(): Promise<RedisWorkerStats>;
  /** Settles when the worker has stopped. */
  readonly done: Promise<RedisWorkerStats>;
}

/** The options as checked. */
export type ParsedRedisWorkerOptions = z.output<typeof RedisWorkerOptionsSchema>;
