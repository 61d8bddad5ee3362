/**
 * The result contract. Tests and users rely on this shape: `classify` always returns one
 * {@link ClassificationResult}, whatever the options. Each part is a zod schema, the one source of
 * the TypeScript type and of the sidecar's OpenAPI document (src/adapters/openapi.ts).
 * @module
 */
import { z } from 'zod';
import { CONTEXTS, DECISIONS, LABELS, LANGUAGES, SCRIPTS, type Label } from './taxonomy.js';

const score = z.number().min(0).max(1);

/**
 * A span of the **original input**: half-open `[start, end)` in UTF-16 code units, so
 * `input.slice(start, end)` is the evidence text, whatever normalisation happened in between.
 */
export const SpanSchema = z.object({
  start: z.number().int().min(0).describe('UTF-16 offset in the input, inclusive.'),
  end: z.number().int().min(0).describe('UTF-16 offset in the input, exclusive.'),
});
export type Span = z.infer<typeof SpanSchema>;

/** Where a piece of evidence came from. */
export const EvidenceSourceSchema = z.enum(['rules', 'indicator', 'context']);
export type EvidenceSource = z.infer<typeof EvidenceSourceSchema>;

/**
 * One reason behind a score, always a span of the input. The model's scores are not evidence
 * entries (they point at no characters): they are under {@link ClassificationResult.model}.
 */
export const EvidenceSchema = SpanSchema.extend({
  label: z.enum([...LABELS, 'context']).describe('The label it supports, or `context` for a frame marker (news, warning, question...).'),
  source: EvidenceSourceSchema,
  rule: z.string().describe('Rule id (`<lang>:<rule>`) or indicator kind (`indicator.phone`).'),
  text: z.string().describe('`input.slice(start, end)`.'),
  weight: score.describe("Strength in [0, 1]: the rule's or indicator's weight, or the frame's strength."),
  context: z.enum(CONTEXTS).optional().describe('For context evidence: which frame.'),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

/** A price found in a post. */
export const PriceSchema = z.object({
  amount: z.number(),
  currency: z.string().describe('ISO 4217 code where known (`EUR`, `GBP`, `USD`, `TRY`, ...), else the symbol or word as written.'),
});
export type Price = z.infer<typeof PriceSchema>;

/** Contact points and facts extracted from a post, for investigators. */
export const IndicatorsSchema = z.object({
  phones: z.array(z.string()).describe('Phone numbers in E.164 (`+447700900123`).'),
  handles: z.array(z.string()).describe('Handles and channel names (`@kawa_road_uk`, `t.me/bozaexpress`).'),
  urls: z.array(z.string()),
  prices: z.array(PriceSchema),
  places: z.array(z.string()).describe('Places named, in English (`United Kingdom`, `Calais`), in order of first mention.'),
  routes: z.array(z.string()).describe('Routes as `From→To` when two or more places are named.'),
});
export type Indicators = z.infer<typeof IndicatorsSchema>;

/** The language stage's answer. */
export const LanguageResultSchema = z.object({
  code: z.enum([...LANGUAGES, 'und']),
  confidence: score,
  script: z.enum(SCRIPTS),
  reason: z.string().describe('Why the code is `und`, or how it was decided (`script`, `letters`, `franc`, `romanised`).'),
});
export type LanguageResult = z.infer<typeof LanguageResultSchema>;

/** Which model produced the model scores. */
export const ModelInfoSchema = z.object({ id: z.string(), version: z.string(), sha256: z.string() });
export type ModelInfo = z.infer<typeof ModelInfoSchema>;

/** Per-label scores in [0, 1]. */
export const LabelScoresSchema = z.object(Object.fromEntries(LABELS.map((l) => [l, score])) as Record<Label, typeof score>);
export type LabelScores = Record<Label, number>;

/** What the model stage gives fusion: per-label probabilities and its own advert probability. */
export const ModelScoresSchema = z.object({ labels: LabelScoresSchema, advert: score });
export interface ModelScores {
  labels: LabelScores;
  advert: number;
}

/** The model's part of a result: which model, and its scores for the post (before fusion). */
export const ModelResultSchema = ModelInfoSchema.extend({ scores: ModelScoresSchema.describe("The model's own scores for the post, before fusion.") });
export type ModelResult = z.infer<typeof ModelResultSchema>;

/** What `classify` returns for one post. */
export const ClassificationResultSchema = z.object({
  id: z.string().nullable().describe("The record's id when one was given, else null."),
  risk: score.describe('Probability-like advert risk in [0, 1]; 0.5 is the default advert boundary.'),
  decision: z.enum(DECISIONS),
  advert: z.boolean().describe('True when `risk` is at or above the advert threshold.'),
  labels: LabelScoresSchema,
  language: LanguageResultSchema,
  evidence: z.array(EvidenceSchema),
  indicators: IndicatorsSchema,
  model: ModelResultSchema.nullable().describe('The model used and its scores for this post, or null when the model stage was off.'),
  truncated: z.boolean().describe('True when the text was longer than `maxLength` and only its start was classified.'),
  version: z.string().describe('`smugglescan@<version>`.'),
});
export type ClassificationResult = z.infer<typeof ClassificationResultSchema>;
