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
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SmuggleScanError } from '../errors.js';
import { LABELS, type Label } from '../taxonomy.js';
import type { LabelScores, ModelInfo } from '../types.js';
import type { ModelScores } from '../fuse/index.js';

/**
 * The text the model reads: the normaliser's folded text with ZWNJ as a space (the tokenizer has
 * no ZWNJ; Persian, Sorani and Pashto write it inside words where others write a space), and
 * symbols such as currency signs set apart (BERT's pre-tokeniser splits punctuation, not symbols,
 * so "3000€" would otherwise be one word ending in an unknown piece).
 * @example modelText(normalize('می‌روم 3000€').text) // 'مي روم 3000 € '
 */
export function modelText(folded: string): string {
  return folded.replace(/\u200C/g, ' ').replace(/\p{S}/gu, ' $& ');
}

/** The heads a compatible model must have. */
export const MODEL_HEADS = [...LABELS, 'advert'] as const;

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

/** Anything that scores folded posts: the shipped model, another folder, or a test double. */
export interface ModelScorer {
  readonly info: ModelInfo;
  /** Scores folded texts, in order. */
  score(texts: readonly string[]): Promise<ModelScores[]>;
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
  let config: ModelConfig;
  try {
    config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as ModelConfig;
  } catch (e) {
    throw new SmuggleScanError('MODEL_INVALID', `${join(dir, 'config.json')} is not valid JSON (${(e as Error).message}). ${fix}`);
  }
  const id2label = config.id2label ?? {};
  const order = Object.keys(id2label)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => id2label[k]!);
  const missingHeads = MODEL_HEADS.filter((h) => !order.includes(h));
  if (missingHeads.length) {
    throw new SmuggleScanError(
      'MODEL_INVALID',
      `The model in ${dir} has labels [${order.join(', ')}] but smugglescan needs [${MODEL_HEADS.join(', ')}] (missing ${missingHeads.join(', ')}). Fine-tune a model with these labels in config.json id2label, or pass model: false.`,
    );
  }
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
  const sha256 = createHash('sha256').update(readFileSync(onnx)).digest('hex');
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
  const batchSize = options.batchSize ?? 32;
  const maxTokens = options.maxTokens ?? 128;
  const sig = (z: number): number => 1 / (1 + Math.exp(-z));

  // With max_length set, transformers.js v2 pads every batch to it; without, it pads to the longest
  // post and truncates at model_max_length. So the cap goes there: 3x fewer tokens on short posts.
  (tokenizer as { model_max_length: number }).model_max_length = maxTokens;

  // The tokenizer reads a whole text before truncating it; a post never needs more than this many
  // characters for maxTokens tokens, so a 100k-character post costs what a long post costs.
  const maxChars = maxTokens * 16;
  async function forward(texts: string[]): Promise<ModelScores[]> {
    const inputs = tokenizer(texts.map((t) => (t.length > maxChars ? t.slice(0, maxChars) : t)), { padding: true, truncation: true });
    const out = (await model(inputs)) as { logits: { data: Float32Array; dims: number[] } };
    const width = out.logits.dims[1]!;
    return texts.map((_, i) => {
      const row = out.logits.data.subarray(i * width, (i + 1) * width);
      const labels = {} as LabelScores;
      let advert = 0;
      order.forEach((name, j) => {
        const p = sig(row[j]!);
        if (name === 'advert') advert = p;
        else if ((LABELS as readonly string[]).includes(name)) labels[name as Label] = p;
      });
      return { labels, advert };
    });
  }

  return {
    info,
    async score(texts) {
      // Bucket by length: sorting first means each batch pads to similar lengths.
      const idx = texts.map((t, i) => ({ i, t: t.length ? t : ' ' })).sort((a, b) => a.t.length - b.t.length);
      const out = new Array<ModelScores>(texts.length);
      for (let k = 0; k < idx.length; k += batchSize) {
        const chunk = idx.slice(k, k + batchSize);
        try {
          const scores = await forward(chunk.map((c) => c.t));
          chunk.forEach((c, j) => (out[c.i] = scores[j]!));
        } catch (e) {
          throw new SmuggleScanError('MODEL_RUNTIME', `The model failed on a batch: ${(e as Error).message}`);
        }
      }
      return out;
    },
  };
}
