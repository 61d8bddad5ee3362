/**
 * The result contract. Tests and users rely on this shape: `classify` always returns one
 * {@link ClassificationResult}, whatever the options.
 * @module
 */
import type { Context, Decision, Label, LanguageCode, Script } from './taxonomy.js';

/**
 * A span of the **original input**: half-open `[start, end)` in UTF-16 code units, so
 * `input.slice(start, end)` is the evidence text, whatever normalisation happened in between.
 */
export interface Span {
  start: number;
  end: number;
}

/** Where a piece of evidence came from. */
export type EvidenceSource = 'rules' | 'indicator' | 'context';

/**
 * One reason behind a score, always a span of the input. The model's scores are not evidence
 * entries (they point at no characters): they are under {@link ClassificationResult.model}.
 */
export interface Evidence extends Span {
  /** The label it supports, or `context` for a frame marker (news, warning, question...). */
  label: Label | 'context';
  source: EvidenceSource;
  /** Rule id (`<lang>:<rule>`) or indicator kind (`indicator.phone`). */
  rule: string;
  /** `input.slice(start, end)`. */
  text: string;
  /** Strength in [0, 1]: the rule's or indicator's weight, or the frame's strength. */
  weight: number;
  /** For context evidence: which frame. */
  context?: Context;
}

/** A price found in a post. */
export interface Price {
  amount: number;
  /** ISO 4217 code where known (`EUR`, `GBP`, `USD`, `TRY`, ...), else the symbol or word as written. */
  currency: string;
}

/** Contact points and facts extracted from a post, for investigators. */
export interface Indicators {
  /** Phone numbers in E.164 (`+447700900123`). */
  phones: string[];
  /** Handles and channel names (`@kawa_road_uk`, `t.me/bozaexpress`). */
  handles: string[];
  urls: string[];
  prices: Price[];
  /** Places named, in English (`United Kingdom`, `Calais`), in order of first mention. */
  places: string[];
  /** Routes as `From→To` when two or more places are named. */
  routes: string[];
}

/** The language stage's answer. */
export interface LanguageResult {
  code: LanguageCode;
  /** In [0, 1]. */
  confidence: number;
  script: Script;
  /** Why the code is `und`, or how it was decided (`script`, `letters`, `franc`, `romanised`). */
  reason: string;
}

/** Which model produced the model scores, or null when rules only. */
export interface ModelInfo {
  id: string;
  version: string;
  sha256: string;
}

/** The model's part of a result: which model, and its scores for the post (before fusion). */
export interface ModelResult extends ModelInfo {
  scores: ModelScores;
}

/** Per-label scores in [0, 1]. */
export type LabelScores = Record<Label, number>;

/** What the model stage gives fusion: per-label probabilities and its own advert probability. */
export interface ModelScores {
  labels: LabelScores;
  advert: number;
}

/** What `classify` returns for one post. */
export interface ClassificationResult {
  /** The record's id when one was given, else null. */
  id: string | null;
  /** Probability-like advert risk in [0, 1]; 0.5 is the default advert boundary. */
  risk: number;
  decision: Decision;
  /** True when `risk` is at or above the advert threshold. */
  advert: boolean;
  labels: LabelScores;
  language: LanguageResult;
  evidence: Evidence[];
  indicators: Indicators;
  /** The model used and its own scores for this post, or null when the model stage was off. */
  model: ModelResult | null;
  /** True when the text was longer than `maxLength` and only its start was classified. */
  truncated: boolean;
  /** `smugglescan@<version>`. */
  version: string;
}
