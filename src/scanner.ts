/**
 * The pipeline: normalise → language → rules → model → fuse, as an explicit ordered list of
 * stages in one object. Create one {@link Scanner} and reuse it: the model loads once, on first use.
 * @module
 */
import { z } from 'zod';
import { SmuggleScanError, formatIssues, fromZodIssues } from './errors.js';
import { DEFAULT_THRESHOLDS, DEFAULT_WEIGHTS, decide, fuse, type FusionWeights, type ModelScores, type Thresholds } from './fuse/index.js';
import { detectLanguage } from './language/index.js';
import { loadModel } from './model/index.js';
import { modelText, type ModelScorer } from './model/scorer.js';
import { normalize } from './normalize/index.js';
import { analyzeRules, builtinRules, RuleSet, loadRules, type RuleAnalysis } from './rules/index.js';
import { LABELS } from './taxonomy.js';
import type { ClassificationResult, LanguageResult } from './types.js';
import { VERSION } from './version.js';

/** A post: a string, or a record with an optional id. */
export type PostInput = string | { id?: string | number | null; text: string };

const ThresholdsSchema = z
  .object({
    review: z.number().min(0).max(1).optional(),
    remove: z.number().min(0).max(1).optional(),
    labels: z.partialRecord(z.enum(LABELS), z.number().min(0).max(1)).optional(),
  })
  .strict();

/** Options of {@link createScanner}; every field is optional. */
export const ScannerOptionsSchema = z
  .object({
    /** `false`: rules only. A string: a model folder. An object: model options. Default: the shipped model. */
    model: z
      .union([
        z.literal(false),
        z.string().min(1),
        z.object({ path: z.string().optional(), quantized: z.boolean().optional(), batchSize: z.number().int().min(1).max(1024).optional(), maxTokens: z.number().int().min(8).max(512).optional(), threads: z.number().int().min(1).max(64).optional() }).strict(),
        z.custom<ModelScorer>((v) => typeof v === 'object' && v !== null && 'score' in v && 'info' in v, 'a ModelScorer'),
      ])
      .optional(),
    /** Rule packs (objects) added to the built-in ones, or a compiled RuleSet that replaces them. */
    rules: z.union([z.instanceof(RuleSet), z.array(z.unknown())]).optional(),
    thresholds: ThresholdsSchema.optional(),
    /** Texts longer than this many UTF-16 units are classified on their start (default 20,000). */
    maxLength: z.number().int().min(1).max(10_000_000).optional(),
    /** Fusion combiners (default: the shipped ones). */
    weights: z.custom<FusionWeights>((v) => typeof v === 'object' && v !== null && 'rules' in v).optional(),
  })
  .strict();

/** Options of {@link createScanner}. */
export type ScannerOptions = z.input<typeof ScannerOptionsSchema>;

/** A configured pipeline. */
export interface Scanner {
  /** Classifies one post. Throws `INVALID_INPUT` for a non-string text. */
  classify(input: PostInput): Promise<ClassificationResult>;
  /** Classifies posts in order; a bad record throws. For a form that never throws, see {@link Scanner.classifyBatchSettled}. */
  classifyBatch(inputs: readonly PostInput[]): Promise<ClassificationResult[]>;
  /** Classifies posts in order; each bad record becomes an error entry, the others are still classified. */
  classifyBatchSettled(inputs: readonly unknown[]): Promise<(ClassificationResult | { id: string | null; error: ReturnType<SmuggleScanError['toJSON']> })[]>;
  /** Loads the model now (otherwise it loads on first use). Resolves to its info, or null when rules only. */
  ready(): Promise<ClassificationResult['model']>;
  readonly thresholds: Thresholds;
}

/**
 * The model never reads more than this many folded characters (16 per token at its 512-token
 * maximum; the shipped model reads 128 tokens), so a huge post is cut before it is re-spaced.
 */
const MODEL_MAX_CHARS = 16 * 512;

/** Below this language-ID confidence the rules read a post as undetermined (every pack speaks). */
export const RULES_LANGUAGE_MIN_CONFIDENCE = 0.6;

/**
 * The language the rules read a post in: its detected language, or `und` (every pack speaks)
 * when language ID is unsure. The scanner and the fusion fit (scripts/fit-fusion.ts) share it.
 * @example rulesLanguage({ code: 'fra', confidence: 0.4, script: 'Latn', reason: 'franc' }) // 'und'
 */
export function rulesLanguage(language: LanguageResult): LanguageResult['code'] {
  // A post detected as romanised text keeps its language whatever the confidence: romanised
  // matching runs only for that language, never for an undetermined post.
  if (language.reason === 'romanised') return language.code;
  return language.confidence < RULES_LANGUAGE_MIN_CONFIDENCE ? 'und' : language.code;
}

/** The per-post work before the model: everything but fusion. */
interface Prepared {
  id: string | null;
  text: string;
  truncated: boolean;
  folded: string;
  language: LanguageResult;
  analysis: RuleAnalysis;
}

/** What a value is, in words, for error messages (never stringifies it: it may be huge or deep). */
function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

/**
 * A post's id: a string, a number (as a string) or null. Anything else (an object, an array, a
 * 100,000-deep nesting that `String()` would overflow on) is that record's `INVALID_INPUT`.
 */
function postId(id: unknown, where: string): string | null {
  if (id === undefined || id === null) return null;
  if (typeof id === 'string') return id;
  if (typeof id === 'number') return String(id);
  throw new SmuggleScanError('INVALID_INPUT', `${where}: "id" must be a string or a number, got ${kindOf(id)}. Send ids as strings.`);
}

/** The id to echo on an error record: the same as `postId`, or null where it is not a string or number. */
function safeId(input: unknown): string | null {
  if (typeof input !== 'object' || input === null) return null;
  const id = (input as { id?: unknown }).id;
  return typeof id === 'string' ? id : typeof id === 'number' ? String(id) : null;
}

function toPost(input: unknown, where: string): { id: string | null; text: string } {
  if (typeof input === 'string') return { id: null, text: input };
  if (typeof input === 'object' && input !== null && 'text' in input) {
    const rec = input as { id?: unknown; text: unknown };
    const id = postId(rec.id, where);
    if (typeof rec.text !== 'string') {
      throw new SmuggleScanError('INVALID_INPUT', `${where}: "text" must be a string, got ${rec.text === null ? 'null' : typeof rec.text}.`);
    }
    return { id, text: rec.text };
  }
  throw new SmuggleScanError(
    'INVALID_INPUT',
    `${where}: expected a string or an object with a string "text", got ${kindOf(input)}.`,
  );
}

/**
 * Builds a pipeline.
 * @example
 * const scanner = createScanner({ model: false, thresholds: { review: 0.4 } });
 * const r = await scanner.classify({ id: 'p1', text: 'Boat to UK 🇬🇧 3 places left, WhatsApp +44 7700 900123' });
 * r.decision // 'review' or 'remove'
 */
export function createScanner(options: ScannerOptions = {}): Scanner {
  const parsed = ScannerOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issues = fromZodIssues('INVALID_OPTIONS', parsed.error.issues);
    throw new SmuggleScanError('INVALID_OPTIONS', `Invalid scanner options:\n${formatIssues(issues)}`, issues);
  }
  const o = parsed.data;
  const thresholds: Thresholds = {
    review: o.thresholds?.review ?? DEFAULT_THRESHOLDS.review,
    remove: o.thresholds?.remove ?? DEFAULT_THRESHOLDS.remove,
    labels: o.thresholds?.labels ?? {},
  };
  if (thresholds.remove < thresholds.review) {
    throw new SmuggleScanError('INVALID_OPTIONS', `thresholds.remove (${thresholds.remove}) must be at least thresholds.review (${thresholds.review}).`);
  }
  const rules: RuleSet =
    o.rules instanceof RuleSet ? o.rules : o.rules ? loadRules(o.rules, { includeBuiltin: true }) : builtinRules();
  const maxLength = o.maxLength ?? 20_000;
  const weights = o.weights ?? DEFAULT_WEIGHTS;

  let modelPromise: Promise<ModelScorer | null> | undefined;
  const getModel = (): Promise<ModelScorer | null> => {
    if (!modelPromise) {
      const m = o.model;
      if (m === false) modelPromise = Promise.resolve(null);
      else if (m && typeof m === 'object' && 'score' in m) modelPromise = Promise.resolve(m as ModelScorer);
      else modelPromise = loadModel(typeof m === 'string' ? { path: m } : (m as object | undefined) ?? {});
      // A failed load is reported to every caller, and retried on the next call.
      modelPromise.catch(() => (modelPromise = undefined));
    }
    return modelPromise;
  };

  function prepare(input: unknown, where: string): Prepared {
    const post = toPost(input, where);
    const truncated = post.text.length > maxLength;
    let text = truncated ? post.text.slice(0, maxLength) : post.text;
    // Do not cut a surrogate pair in two.
    if (truncated && /[\uD800-\uDBFF]$/.test(text)) text = text.slice(0, -1);
    const n = normalize(text);
    const language = detectLanguage(text.length > 4000 ? text.slice(0, 4000) : text);
    // When language ID is unsure (an evasion garbles the words franc reads), every pack speaks, as
    // for an undetermined post: a leetspeak French advert must still meet the French pack.
    const analysis = analyzeRules(n, rulesLanguage(language), rules);
    return { id: post.id, text, truncated, folded: n.text, language, analysis };
  }

  function finish(p: Prepared, model: ModelScorer | null, scores: ModelScores | null): ClassificationResult {
    const empty = p.folded.trim().length === 0;
    const fused = empty
      ? { risk: 0, labels: Object.fromEntries(LABELS.map((l) => [l, 0])) as ClassificationResult['labels'] }
      : fuse(p.analysis, p.language, scores, weights);
    const evidence = [...p.analysis.evidence];
    if (scores && !empty) {
      for (const l of LABELS) {
        if (scores.labels[l] >= 0.5) evidence.push({ label: l, source: 'model', rule: 'model', start: 0, end: 0, text: '', weight: Math.round(scores.labels[l] * 1000) / 1000 });
      }
    }
    const decision = decide(fused, thresholds);
    return {
      id: p.id,
      risk: fused.risk,
      decision,
      advert: fused.risk >= thresholds.review,
      labels: fused.labels,
      language: p.language,
      evidence,
      indicators: p.analysis.indicators,
      model: model ? model.info : null,
      truncated: p.truncated,
      version: VERSION,
    };
  }

  async function run(prepared: Prepared[]): Promise<ClassificationResult[]> {
    const model = await getModel();
    const scores = model && prepared.length ? await model.score(prepared.map((p) => modelText(p.folded.slice(0, MODEL_MAX_CHARS)))) : null;
    return prepared.map((p, i) => finish(p, model, scores ? scores[i]! : null));
  }

  return {
    thresholds,
    async classify(input) {
      const [r] = await run([prepare(input, 'input')]);
      return r!;
    },
    async classifyBatch(inputs) {
      if (!Array.isArray(inputs)) throw new SmuggleScanError('INVALID_INPUT', 'classifyBatch expects an array of posts.');
      return run(inputs.map((x, i) => prepare(x, `inputs[${i}]`)));
    },
    async classifyBatchSettled(inputs) {
      if (!Array.isArray(inputs)) throw new SmuggleScanError('INVALID_INPUT', 'classifyBatchSettled expects an array of posts.');
      const slots = inputs.map((x, i) => {
        try {
          return prepare(x, `inputs[${i}]`);
        } catch (e) {
          if (!(e instanceof SmuggleScanError)) throw e;
          return { id: safeId(x), error: e.toJSON() };
        }
      });
      const good = slots.filter((s): s is Prepared => !('error' in s));
      const results = await run(good);
      let k = 0;
      return slots.map((s) => ('error' in s ? s : results[k++]!));
    },
    async ready() {
      const m = await getModel();
      return m ? m.info : null;
    },
  };
}
