/**
 * Stage 4: the model. Loads a transformers.js sequence-classification model from a local folder
 * (remote loading off), lazily, once, and scores folded posts in length-bucketed batches.
 *
 * Any model folder whose `id2label` holds the seven labels plus `advert` works: users with a bigger
 * fine-tuned model can point `model` at it. The loader checks the folder before the runtime sees
 * it, so a missing or broken model is a typed error naming the path and the fix, never a wrong answer.
 * @module
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SmuggleScanError } from '../errors.js';
import type { Label } from '../taxonomy.js';
import type { ModelInfo } from '../types.js';
import { createScorer, headOrder, type ClassifierLike, type ModelScorer, type TokenizerLike } from './scorer.js';

export { modelText, MODEL_HEADS, type ModelScorer } from './scorer.js';

/** Options of the model stage. */
export interface ModelOptions {
  /** The model folder (holds `config.json`, `tokenizer.json`, `onnx/`). Default: the shipped model. */
  path?: string;
  /**
   * Use `onnx/model_quantized.onnx` (int8) instead of `onnx/model.onnx` (fp32). Default: the int8
   * file when the folder has one (the shipped model's: about 20 % faster here, the same dev
   * scores to three decimals), else fp32.
   */
  quantized?: boolean;
  /** Posts per forward pass (default 32). */
  batchSize?: number;
  /** Tokens per post; longer posts are truncated (default 128). */
  maxTokens?: number;
  /**
   * onnxruntime intra-op threads for this model (default: onnxruntime's, one per core: the fastest
   * for one scanner alone). createPool gives each worker's model its share of the cores (at least
   * one thread), so that workers do not spin against each other's threads.
   */
  threads?: number;
}

/** The shipped model's folder: `models/smugglescan-mini` in the package. */
export function defaultModelPath(): string {
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  // src/model/ in development, dist/ when built: walk up to the package root.
  for (let dir = here, i = 0; i < 4; i++, dir = dirname(dir)) {
    const candidate = join(dir, 'models', 'smugglescan-mini');
    if (existsSync(join(candidate, 'config.json'))) return candidate;
  }
  return join(here, '..', 'models', 'smugglescan-mini');
}

interface ModelConfig {
  id2label?: Record<string, string>;
  smugglescan?: { version?: string };
}

const fix = 'Point `model` at a folder with config.json, tokenizer.json and onnx/model.onnx, rebuild the shipped model with `npm run train`, or pass `model: false` (CLI: --no-model) to run rules only.';

/** The largest size each model file may have: JSON files are small, and one buffer holds at most 2 GB. */
const MAX_MODEL_FILE_BYTES: Record<string, number> = {
  'config.json': 1024 * 1024,
  'tokenizer_config.json': 1024 * 1024,
  'tokenizer.json': 256 * 1024 * 1024,
  onnx: 2 * 1024 ** 3 - 1,
};

/** The SHA-256 of a file, read in 1 MiB pieces (not a second copy of the model in memory). */
function sha256File(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1024 * 1024);
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Checks a model folder and reads what the runtime needs; throws MODEL_NOT_FOUND / MODEL_INVALID. */
export function inspectModelFolder(path: string, quantized = false): { config: ModelConfig; order: Label[] | string[]; onnx: string } {
  const dir = resolve(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new SmuggleScanError('MODEL_NOT_FOUND', `No model folder at ${dir}. ${fix}`);
  }
  const need = ['config.json', 'tokenizer.json', 'tokenizer_config.json', quantized ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx'];
  const missing = need.filter((f) => !existsSync(join(dir, f)));
  if (missing.length) {
    throw new SmuggleScanError('MODEL_NOT_FOUND', `The model folder ${dir} lacks ${missing.join(', ')}. ${fix}`);
  }
  // Type and size before reading: a device or FIFO (/dev/zero) would be read for ever, and a file
  // over 2 GB cannot be read into one buffer.
  for (const f of need) {
    const st = statSync(join(dir, f));
    if (!st.isFile()) throw new SmuggleScanError('MODEL_INVALID', `${join(dir, f)} is not a regular file (a folder, device or pipe). ${fix}`);
    const max = MAX_MODEL_FILE_BYTES[f.startsWith('onnx/') ? 'onnx' : f] ?? MAX_MODEL_FILE_BYTES['config.json']!;
    if (st.size > max) throw new SmuggleScanError('MODEL_INVALID', `${join(dir, f)} is ${st.size} bytes, over the ${max} bytes a model folder's ${f} may have. ${fix}`);
  }
  let config: ModelConfig;
  try {
    config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as ModelConfig;
  } catch (e) {
    throw new SmuggleScanError('MODEL_INVALID', `${join(dir, 'config.json')} is not valid JSON (${(e as Error).message}). ${fix}`);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new SmuggleScanError('MODEL_INVALID', `${join(dir, 'config.json')} holds ${config === null ? 'null' : Array.isArray(config) ? 'an array' : typeof config}, not a JSON object. ${fix}`);
  }
  const order = headOrder(config, dir);
  const onnx = join(dir, quantized ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx');
  if (statSync(onnx).size < 1024) {
    throw new SmuggleScanError('MODEL_INVALID', `${onnx} is only ${statSync(onnx).size} bytes: it is truncated or a Git LFS pointer. ${fix}`);
  }
  return { config, order, onnx };
}

interface OrtModule {
  InferenceSession: { create: (model: unknown, options?: Record<string, unknown>) => Promise<unknown> };
}
const patched = new WeakSet<object>();

/** What the next session creation should use; set by {@link loadModel} inside the load chain. */
let pending: { onnx: string; bytes: number; threads: number | undefined } | undefined;

/**
 * transformers.js v2 creates onnxruntime sessions from a buffer with default options, and
 * onnxruntime-node 1.14 ignores the thread options of a session made from a buffer (it then runs a
 * pool as wide as the machine, whatever is asked). So sessions for the file being loaded are made
 * from its path instead, with the thread count asked for (default: onnxruntime's own, one per core).
 */
function patchSessions(ort: OrtModule): void {
  const session = ort?.InferenceSession;
  if (!session || patched.has(session)) return;
  const create = session.create.bind(session);
  session.create = (model, opts) => {
    const p = pending;
    const isOurs = p && model instanceof Uint8Array && model.byteLength === p.bytes;
    if (!isOurs) return create(model, opts);
    const threads = p.threads === undefined ? {} : { intraOpNumThreads: p.threads, interOpNumThreads: 1 };
    return create(p.onnx, { ...opts, executionProviders: ['cpu'], ...threads });
  };
  patched.add(session);
}

/** Serialises loads: transformers.js keeps its local path in a global. */
let loadChain: Promise<unknown> = Promise.resolve();

/**
 * Loads a model folder with transformers.js (remote loading off).
 * @example const m = await loadModel({ path: 'models/smugglescan-mini' }); await m.score(['boat to uk'])
 */
export async function loadModel(options: ModelOptions = {}): Promise<ModelScorer> {
  const path = resolve(options.path ?? defaultModelPath());
  const quantized = options.quantized ?? existsSync(join(path, 'onnx/model_quantized.onnx'));
  const { config, order, onnx } = inspectModelFolder(path, quantized);
  const sha256 = sha256File(onnx);
  const info: ModelInfo = { id: basename(path), version: config.smugglescan?.version ?? 'unknown', sha256 };
  const run = loadChain.then(async () => {
    const tf = await import('@xenova/transformers');
    tf.env.allowRemoteModels = false;
    tf.env.allowLocalModels = true;
    tf.env.localModelPath = dirname(path) + '/';
    tf.env.useBrowserCache = false;
    const ort = (await import('onnxruntime-node')) as unknown as OrtModule & { default?: OrtModule };
    patchSessions(ort.default ?? ort);
    pending = { onnx, bytes: statSync(onnx).size, threads: options.threads };
    try {
      const tokenizer = await tf.AutoTokenizer.from_pretrained(basename(path));
      const model = await tf.AutoModelForSequenceClassification.from_pretrained(basename(path), { quantized });
      return { tokenizer, model };
    } catch (e) {
      throw new SmuggleScanError('MODEL_INVALID', `transformers.js could not load the model in ${path}: ${(e as Error).message}. ${fix}`);
    } finally {
      pending = undefined;
    }
  });
  loadChain = run.catch(() => undefined);
  const { tokenizer, model } = await run;
  const scorerOptions = { ...(options.batchSize ? { batchSize: options.batchSize } : {}), ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}) };
  return createScorer(tokenizer as unknown as TokenizerLike, model as unknown as ClassifierLike, order, info, scorerOptions);
}
