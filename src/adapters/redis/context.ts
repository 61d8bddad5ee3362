/**
 * What every part of one Redis worker shares: its settings, its two connections, its counters,
 * and the small bits of state that outlive one batch (read sizing, why entries last failed).
 * @module
 */
import type { Redis } from 'ioredis';
import type { BatchClassifier } from '../common.js';
import { entryBytes, type Entry } from './entries.js';
import type { ParsedRedisWorkerOptions, RedisWorkerEvent, RedisWorkerStats } from './options.js';

/** Sizes reads so that one batch holds about `maxBatchBytes`, from the entries measured so far. */
export class ReadSizer {
  #avgEntryBytes = 0;
  constructor(
    private readonly batchSize: number,
    private readonly maxBatchBytes: number,
  ) {}
  /** Entries to ask for in the next read. */
  readCount(): number {
    return this.#avgEntryBytes ? Math.max(1, Math.min(this.batchSize, Math.floor(this.maxBatchBytes / this.#avgEntryBytes))) : Math.min(this.batchSize, 16);
  }
  /** Takes the size of entries just read into account. */
  measure(entries: Entry[]): void {
    if (!entries.length) return;
    const avg = entries.reduce((n, e) => n + entryBytes(e), 0) / entries.length;
    this.#avgEntryBytes = this.#avgEntryBytes ? Math.max(avg, 0.5 * this.#avgEntryBytes + 0.5 * avg) : avg;
  }
}

/** Why an entry's last write failed, for its dead letter (bounded to 10,000 entries). */
export class FailureLog {
  readonly #last = new Map<string, string>();
  note(entryId: string, why: string): void {
    if (this.#last.size >= 10_000) this.#last.delete(this.#last.keys().next().value!);
    this.#last.set(entryId, why);
  }
  get(entryId: string): string | undefined {
    return this.#last.get(entryId);
  }
  delete(entryId: string): void {
    this.#last.delete(entryId);
  }
}

/** One worker's shared state. */
export interface WorkerContext {
  o: ParsedRedisWorkerOptions;
  consumer: string;
  deadLetter: string;
  maxAttempts: number;
  claimIdleMs: number;
  /** How often to look for entries to claim. */
  claimEvery: number;
  blockMs: number;
  maxBatchBytes: number;
  classifier: BatchClassifier;
  /** Writes results and acknowledgements. */
  cmd: Redis;
  /** Sits in blocking reads. */
  reader: Redis;
  stats: RedisWorkerStats;
  sizer: ReadSizer;
  failures: FailureLog;
  emit(e: RedisWorkerEvent): void;
  /** Set by stop(); the loop ends after the batch in hand. */
  stopping: boolean;
  /** True while the reader is in a blocking read (stop() cuts it short). */
  reading: boolean;
}
