/**
 * The part of the model stage that is the same in Node and in the browser: the text the model
 * reads, the heads it must have, and scoring with a loaded transformers.js tokenizer and model
 * (length-bucketed batches, sigmoid per head). No Node built-ins: `smugglescan/browser` uses it.
 * @module
 */
import { SmuggleScanError } from '../errors.js';
import type { ModelScores } from '../types.js';
import { LABELS, type Label } from '../taxonomy.js';
import type { LabelScores, ModelInfo } from '../types.js';

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

/** Anything that scores folded posts: the shipped model, another folder, or a test double. */
export interface ModelScorer {
  readonly info: ModelInfo;
  /** Scores folded texts, in order. */
  score(texts: readonly string[]): Promise<ModelScores[]>;
}

/**
 * The model's output heads in logit order, from a config's `id2label`; throws MODEL_INVALID
 * (naming `where` and the fix) when a head smugglescan needs is missing.
 * @example headOrder({ id2label: { 0: 'crossing_offer', ... } }, 'models/x') // ['crossing_offer', ...]
 */
export function headOrder(config: { id2label?: Record<string, string> }, where: string): string[] {
  const id2label = config.id2label ?? {};
  const order = Object.keys(id2label)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => id2label[k]!);
  const missingHeads = MODEL_HEADS.filter((h) => !order.includes(h));
  if (missingHeads.length) {
    throw new SmuggleScanError(
      'MODEL_INVALID',
      `The model in ${where} has labels [${order.join(', ')}] but smugglescan needs [${MODEL_HEADS.join(', ')}] (missing ${missingHeads.join(', ')}). Fine-tune a model with these labels in config.json id2label, or pass model: false.`,
    );
  }
  return order;
}

/** A transformers.js tokenizer, as far as scoring uses it. */
export interface TokenizerLike {
  (texts: string[], options: { padding: boolean; truncation: boolean }): unknown;
  model_max_length: number;
}
/** A transformers.js sequence-classification model, as far as scoring uses it. */
export type ClassifierLike = (inputs: unknown) => Promise<unknown>;

/**
 * Posts per forward pass when the caller does not say. The int8 model quantises its activations
 * per batch (one scale for the whole tensor, padding included), so a post's scores would depend
 * on the other posts in its batch: up to 0.04 on the advert score, enough to flip a decision near
 * 0.5. One post per pass makes a post's scores its own, whatever the batching (about 15 % fewer
 * model passes per second on two cores). The fp32 model is batch-invariant and keeps 32.
 * @example defaultBatchSize(true) // 1
 */
export function defaultBatchSize(quantized: boolean): number {
  return quantized ? 1 : 32;
}

/** Options of {@link createScorer}. */
export interface ScorerOptions {
  /** Posts per forward pass (default 32; the loaders pass {@link defaultBatchSize}). */
  batchSize?: number;
  /** Tokens per post; longer posts are truncated (default 128). */
  maxTokens?: number;
}

/**
 * A {@link ModelScorer} over a loaded tokenizer and model: the same scores whichever runtime
 * (onnxruntime-node or onnxruntime-web) runs the model.
 * @example const scorer = createScorer(tokenizer, model, headOrder(config, path), info); await scorer.score(['boat to uk'])
 */
export function createScorer(tokenizer: TokenizerLike, model: ClassifierLike, order: readonly string[], info: ModelInfo, options: ScorerOptions = {}): ModelScorer {
  const batchSize = options.batchSize ?? 32;
  const maxTokens = options.maxTokens ?? 128;
  const sig = (z: number): number => 1 / (1 + Math.exp(-z));

  // With max_length set, transformers.js v2 pads every batch to it; without, it pads to the longest
  // post and truncates at model_max_length. So the cap goes there: 3x fewer tokens on short posts.
  tokenizer.model_max_length = maxTokens;

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
