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
import { SmuggleScanError, parseOptions } from '../errors.js';
import type { Label } from '../taxonomy.js';
import type { ModelInfo } from '../types.js';
import { withSessionFile, type OrtModule } from './ort-threads.js';
import { ModelOptionsSchema, type ModelOptions } from './options.js';
import { createScorer, defaultBatchSize, headOrder, type ClassifierLike, type ModelScorer, type TokenizerLike } from './scorer.js';

export { modelText, MODEL_HEADS, type ModelScorer } from './scorer.js';
export { ModelOptionsSchema, MODEL_OPTION_NAMES, MAX_MODEL_THREADS, type ModelOptions } from './options.js';

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

/** Serialises loads: transformers.js keeps its local path in a global. */
let loadChain: Promise<unknown> = Promise.resolve();

/**
 * Loads a model folder with transformers.js (remote loading off).
 * @example const m = await loadModel({ path: 'models/smugglescan-mini' }); await m.score(['boat to uk'])
 */
export async function loadModel(input: ModelOptions = {}): Promise<ModelScorer> {
  const options = parseOptions(ModelOptionsSchema, input, 'model');
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
    const file = { onnx, bytes: statSync(onnx).size, threads: options.threads };
    try {
      return await withSessionFile(ort.default ?? ort, file, async () => {
        const tokenizer = await tf.AutoTokenizer.from_pretrained(basename(path));
        const model = await tf.AutoModelForSequenceClassification.from_pretrained(basename(path), { quantized });
        return { tokenizer, model };
      });
    } catch (e) {
      throw new SmuggleScanError('MODEL_INVALID', `transformers.js could not load the model in ${path}: ${(e as Error).message}. ${fix}`);
    }
  });
  loadChain = run.catch(() => undefined);
  const { tokenizer, model } = await run;
  const scorerOptions = { batchSize: options.batchSize ?? defaultBatchSize(quantized), ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}) };
  return createScorer(tokenizer as unknown as TokenizerLike, model as unknown as ClassifierLike, order, info, scorerOptions);
}
