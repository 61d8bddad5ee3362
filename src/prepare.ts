/**
 * The per-post work before the model: read the record, truncate, normalise, detect the language,
 * run the rules. The scanner, the fusion fit (models/train/fit-fusion.ts) and the bench's
 * model-only system all use {@link prepare} and {@link modelInput}, so they see the same
 * truncation, the same language for the rules and the same model text.
 * @module
 */
import { SmuggleScanError } from './errors.js';
import { detectLanguage } from './language/index.js';
import { DEFAULT_MAX_LENGTH, LANGUAGE_MAX_CHARS, MODEL_MAX_CHARS } from './limits.js';
import { modelText } from './model/scorer.js';
import { normalize } from './normalize/index.js';
import { analyzeRules, builtinRules, type RuleAnalysis, type RuleSet } from './rules/index.js';
import type { LanguageResult } from './types.js';

/** A post: a string, or a record with an optional id. */
export type PostInput = string | { id?: string | number | null; text: string };

/** Below this language-ID confidence the rules read a post as undetermined (every pack speaks). */
export const RULES_LANGUAGE_MIN_CONFIDENCE = 0.6;

/**
 * The language the rules read a post in: its detected language, or `und` (every pack speaks)
 * when language ID is unsure.
 * @example rulesLanguage({ code: 'fra', confidence: 0.4, script: 'Latn', reason: 'franc' }) // 'und'
 */
export function rulesLanguage(language: LanguageResult): LanguageResult['code'] {
  // A post detected as romanised text keeps its language whatever the confidence: romanised
  // matching runs only for that language, never for an undetermined post.
  if (language.reason === 'romanised') return language.code;
  return language.confidence < RULES_LANGUAGE_MIN_CONFIDENCE ? 'und' : language.code;
}

/** A post after every stage before the model. */
export interface PreparedPost {
  id: string | null;
  /** The text classified: the input, or its start when longer than `maxLength`. */
  text: string;
  truncated: boolean;
  /** The normalised (folded) text. */
  folded: string;
  language: LanguageResult;
  analysis: RuleAnalysis;
}

/** Options of {@link prepare}. */
export interface PrepareOptions {
  /** Compiled rules (default: the built-in packs). */
  rules?: RuleSet;
  /** Texts longer than this many UTF-16 units are cut (default {@link DEFAULT_MAX_LENGTH}). */
  maxLength?: number;
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
export function safeId(input: unknown): string | null {
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
  throw new SmuggleScanError('INVALID_INPUT', `${where}: expected a string or an object with a string "text", got ${kindOf(input)}.`);
}

/** The first `max` UTF-16 units of a text, without cutting a surrogate pair in two. */
function truncate(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  const cut = text.slice(0, max);
  return { text: /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut, truncated: true };
}

/**
 * Every stage before the model, for one post. Throws `INVALID_INPUT` (naming `where`) for a record
 * that is not a string or `{ id?, text }`.
 * @example prepare('Boat to UK, WhatsApp +44 7700 900123').analysis.labels.crossing_offer // > 0
 */
export function prepare(input: unknown, options: PrepareOptions = {}, where = 'input'): PreparedPost {
  const post = toPost(input, where);
  const { text, truncated } = truncate(post.text, options.maxLength ?? DEFAULT_MAX_LENGTH);
  const n = normalize(text);
  const language = detectLanguage(text.length > LANGUAGE_MAX_CHARS ? text.slice(0, LANGUAGE_MAX_CHARS) : text);
  // When language ID is unsure (an evasion garbles the words franc reads), every pack speaks, as
  // for an undetermined post: a leetspeak French advert must still meet the French pack.
  const analysis = analyzeRules(n, rulesLanguage(language), options.rules ?? builtinRules());
  return { id: post.id, text, truncated, folded: n.text, language, analysis };
}

/**
 * What the model reads for a prepared post: its folded text, cut at {@link MODEL_MAX_CHARS} and
 * re-spaced. Computed on demand (a rules-only scanner never needs it).
 * @example modelInput(prepare('Boat to UK')) // 'boat to uk'
 */
export function modelInput(p: PreparedPost): string {
  return modelText(p.folded.slice(0, MODEL_MAX_CHARS));
}

/**
 * The model input of a text without the rest of {@link prepare} (no language ID, no rules): the
 * same truncation and folding, for callers that need only what the model reads.
 * @example modelInputOfText('Boat to UK') === modelInput(prepare('Boat to UK')) // true
 */
export function modelInputOfText(text: string, maxLength = DEFAULT_MAX_LENGTH): string {
  return modelText(normalize(truncate(text, maxLength).text).text.slice(0, MODEL_MAX_CHARS));
}
