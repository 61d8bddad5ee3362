/**
 * `smugglescan classify`: one JSON line per input record, in input order, echoing `id`. A record
 * that cannot be read or classified gives an error line and the others go on. Exits 0 when every
 * record was classified, 2 when any failed, 1 on a usage error. A closed output pipe ends the run
 * quietly; Ctrl-C flushes what is done and says how far it got.
 * @module
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { SmuggleScanError } from '../errors.js';
import { createScanner, type ScannerOptions } from '../scanner.js';
import type { ClassificationResult } from '../types.js';
import { formatFromName, readRecords, type Format, type InputRecord } from './records.js';
import { renderTable } from './table.js';

export interface ClassifyArgs {
  input?: string;
  format?: Format;
  textField: string;
  idField: string;
  model: boolean;
  modelPath?: string;
  thresholds?: string;
  table: boolean;
  /** Posts per batch; default 64 in one thread, 512 with a worker pool (it keeps the workers busy). */
  batchSize?: number;
  /** Longest input line in bytes (default 1 MiB); a longer line gives an error record. */
  maxLineBytes?: number;
  /** Worker threads: `auto` (one per core when there are several) or a count; 1 classifies in-process. */
  workers?: 'auto' | number;
  /** No progress line on stderr (it is shown only when stderr is a terminal). */
  quiet?: boolean;
}

/** The default batch with a worker pool. */
const POOL_BATCH = 512;

/** What classify needs of a scanner or a worker pool. */
interface Classifier {
  classifyBatch(inputs: { id: string | number | null; text: string }[]): Promise<ClassificationResult[]>;
  ready(): Promise<unknown>;
  close(): Promise<void>;
  readonly workers: number;
}

/**
 * The scanner in-process, or a pool of worker threads (`smugglescan/adapters`, which needs the
 * optional peer piscina). `auto` uses one worker per core when there are at least two, and falls
 * back to in-process with a note when piscina is not installed; an explicit count needs it.
 */
async function makeClassifier(a: ClassifyArgs, options: ScannerOptions): Promise<Classifier> {
  const cores = availableParallelism();
  const wanted = a.workers === undefined || a.workers === 'auto' ? cores : a.workers;
  if (wanted > 1) {
    try {
      const { createPool } = await import('../adapters/pool.js');
      const batch = a.batchSize ?? POOL_BATCH;
      const pool = createPool({ workers: wanted, scannerOptions: options as Record<string, unknown>, chunkSize: Math.max(8, Math.ceil(batch / wanted)) });
      await pool.ready();
      return { classifyBatch: (xs) => pool.classifyBatch(xs), ready: () => pool.ready(), close: () => pool.close(), workers: pool.workers };
    } catch (e) {
      const missing = e instanceof SmuggleScanError && e.code === 'DEPENDENCY_MISSING';
      if (!missing || a.workers !== 'auto' && a.workers !== undefined) throw e;
      if (!a.quiet) process.stderr.write(`smugglescan: classifying in one thread (--workers auto needs piscina: npm install piscina@5).\n`);
    }
  }
  const scanner = createScanner(options);
  return { classifyBatch: (xs) => scanner.classifyBatch(xs), ready: () => scanner.ready(), close: async () => undefined, workers: 1 };
}

/** A progress line on stderr (count, rate, ETA from the bytes read), redrawn at most twice a second. */
function makeProgress(enabled: boolean, total: number | undefined, bytesRead: () => number): { tick(n: number): void; end(): void } {
  if (!enabled) return { tick: () => undefined, end: () => undefined };
  const t0 = Date.now();
  let last = 0;
  let count = 0;
  const draw = (): void => {
    const s = (Date.now() - t0) / 1000;
    const rate = count / Math.max(s, 1e-3);
    const done = bytesRead();
    const eta = total && done > 0 && done < total ? ` · ETA ${Math.ceil(((total - done) / done) * s)} s` : '';
    process.stderr.write(`\r\x1b[Ksmugglescan: ${count.toLocaleString('en')} posts · ${Math.round(rate).toLocaleString('en')}/s${eta}`);
  };
  return {
    tick(n) {
      count += n;
      if (Date.now() - last >= 500) {
        last = Date.now();
        draw();
      }
    },
    end() {
      draw();
      process.stderr.write('\n');
    },
  };
}

/** Largest thresholds file read (it holds a few numbers). */
const MAX_THRESHOLDS_BYTES = 64 * 1024;

/**
 * Reads a thresholds file: JSON `{review?, remove?, labels?}`. Checks the type and size before
 * reading (a FIFO or `/dev/zero` would be read for ever), and that the JSON is an object.
 */
export function readThresholds(path: string): ScannerOptions['thresholds'] {
  const example = 'Expected {"review": 0.5, "remove": 0.8, "labels": {"fake_documents": 0.6}}.';
  if (!existsSync(path)) throw new SmuggleScanError('INVALID_OPTIONS', `--thresholds: no file at ${path}.`);
  const st = statSync(path);
  if (!st.isFile()) throw new SmuggleScanError('INVALID_OPTIONS', `--thresholds: ${path} is not a regular file (a folder, device or pipe). Give a JSON file. ${example}`);
  if (st.size > MAX_THRESHOLDS_BYTES) throw new SmuggleScanError('INVALID_OPTIONS', `--thresholds: ${path} is ${st.size} bytes; a thresholds file is a small JSON object (at most ${MAX_THRESHOLDS_BYTES} bytes). ${example}`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new SmuggleScanError('INVALID_OPTIONS', `--thresholds: ${path} is not valid JSON (${(e as Error).message}). ${example}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SmuggleScanError('INVALID_OPTIONS', `--thresholds: ${path} holds ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}, not an object. ${example}`);
  }
  return value as ScannerOptions['thresholds'];
}

/** Writes a line; resolves false once the reader has gone (EPIPE). */
function makeWriter(): { write(s: string): Promise<boolean>; closed(): boolean } {
  let closed = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') closed = true;
    else throw e;
  });
  return {
    closed: () => closed,
    write(s) {
      if (closed) return Promise.resolve(false);
      // Resolving on the write callback gives back-pressure: we never run ahead of the reader.
      return new Promise((resolve) => process.stdout.write(s, (err) => resolve(!err && !closed)));
    },
  };
}

export async function runClassify(a: ClassifyArgs): Promise<number> {
  const format: Format = a.format ?? formatFromName(a.input) ?? 'jsonl';
  if (a.input && !existsSync(a.input)) {
    throw new SmuggleScanError('INVALID_OPTIONS', `--input: no file at ${a.input}.`);
  }
  if (a.input && statSync(a.input).isDirectory()) {
    throw new SmuggleScanError('INVALID_OPTIONS', `--input: ${a.input} is a folder; give a JSONL, CSV or text file (or pipe the posts to standard input).`);
  }
  const options: ScannerOptions = {
    ...(a.model ? (a.modelPath ? { model: a.modelPath } : {}) : { model: false }),
    ...(a.thresholds ? { thresholds: readThresholds(a.thresholds) } : {}),
  };
  const scanner = await makeClassifier(a, options);
  // Bigger batches with a pool: the loop waits for each batch, so a small one leaves workers idle
  // (20,000 posts with the model: 64 → 1,000-1,270 posts/s, 1024 → 1,390 on two cores).
  const batchSize = a.batchSize ?? (scanner.workers > 1 ? POOL_BATCH : 64);
  const input = a.input ? createReadStream(a.input) : process.stdin;
  const progress = makeProgress(
    !a.quiet && process.stderr.isTTY === true,
    a.input ? statSync(a.input).size : undefined,
    () => (input as { bytesRead?: number }).bytesRead ?? 0,
  );
  const out = makeWriter();
  let interrupted = false;
  const onSigint = (): void => {
    // End the input, even a read that is waiting on stdin; what was read is still classified and
    // written. (No per-record race against a stop promise: that held every record until the end.)
    interrupted = true;
    input.destroy();
  };
  process.on('SIGINT', onSigint);
  let done = 0;
  let failed = 0;
  const tableRows: ClassificationResult[] = [];
  let batch: InputRecord[] = [];

  const flush = async (): Promise<void> => {
    if (!batch.length) return;
    const good = batch.filter((r): r is Extract<InputRecord, { text: string }> => 'text' in r);
    let results: ClassificationResult[] = [];
    let batchError: SmuggleScanError | undefined;
    try {
      results = await scanner.classifyBatch(good.map((r) => ({ id: r.id, text: r.text })));
    } catch (e) {
      if (!(e instanceof SmuggleScanError)) throw e;
      batchError = e;
    }
    let k = 0;
    let text = '';
    for (const r of batch) {
      done++;
      if ('error' in r) {
        failed++;
        text += JSON.stringify({ id: r.id, line: r.line, error: r.error }) + '\n';
      } else if (batchError) {
        failed++;
        text += JSON.stringify({ id: r.id, line: r.line, error: batchError.toJSON() }) + '\n';
      } else {
        const res = results[k++]!;
        if (a.table) tableRows.push(res);
        else text += JSON.stringify(res) + '\n';
      }
    }
    progress.tick(batch.length);
    batch = [];
    if (text) await out.write(text);
  };

  try {
    try {
      for await (const record of readRecords(input, format, { text: a.textField, id: a.idField }, a.maxLineBytes)) {
        batch.push(record);
        if (batch.length >= batchSize) await flush();
        if (interrupted || out.closed()) break;
      }
    } catch (e) {
      // A destroyed input ends the read with "premature close": that is the interrupt, not an error.
      if (!interrupted) {
        await flush(); // the records read before a fatal input error still get their lines
        throw e;
      }
    }
    await flush();
  } finally {
    process.off('SIGINT', onSigint);
    if (interrupted || out.closed()) input.destroy();
    progress.end();
  }
  if (a.table && !out.closed()) await out.write(renderTable(tableRows, (await scanner.ready()) !== null));
  await scanner.close();
  if (interrupted) {
    process.stderr.write(`smugglescan: interrupted after ${done} record(s); their results were written.\n`);
    return 130;
  }
  if (failed) process.stderr.write(`smugglescan: ${failed} of ${done} record(s) could not be classified (see their "error" lines).\n`);
  return failed ? 2 : 0;
}
