/**
 * The zod schema of a rule pack (see `packs/README.md`). Packs are data; this is the one place
 * that says what a valid pack is.
 * @module
 */
import { z } from 'zod';
import { CONTEXTS, LABELS, LANGUAGES } from '../taxonomy.js';

/** A term: words separated by spaces, `*` ending a word for a prefix, `...` for a gap of up to 3 words. */
export const TermSchema = z
  .string()
  .min(1, 'a term cannot be empty')
  .max(200, 'a term is at most 200 characters')
  .refine((t) => !/^\s*\.\.\.|\.\.\.\s*$/.test(t), 'a term cannot start or end with "..."');

/** One rule: a label with a weight, or a context marker. */
export const RuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_.-]+$/, 'ids use lowercase letters, digits, "_", "-" and "."'),
    label: z.enum(LABELS).optional(),
    context: z.enum(CONTEXTS).optional(),
    weight: z.number().gt(0, 'weight must be above 0').lte(1, 'weight must be at most 1').optional(),
    terms: z.array(TermSchema).optional(),
    patterns: z.array(z.string().min(1).max(500)).optional(),
    note: z.string().optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if ((r.label === undefined) === (r.context === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a rule needs exactly one of "label" or "context"' });
    }
    if (r.label !== undefined && r.weight === undefined) {
      ctx.addIssue({ code: 'custom', path: ['weight'], message: 'a label rule needs a weight in (0, 1]' });
    }
    if (!r.terms?.length && !r.patterns?.length) {
      ctx.addIssue({ code: 'custom', message: 'a rule needs at least one term or pattern' });
    }
  });

/** Places named in posts: English name → aliases in any language and script. */
export const PlacesSchema = z.record(z.string().min(1), z.array(z.string().min(1)));

/** A rule pack: one language's (or `common`) rules. */
export const RulePackSchema = z
  .object({
    lang: z.union([z.enum(LANGUAGES), z.literal('common')]),
    description: z.string().optional(),
    rules: z.array(RuleSchema),
    places: PlacesSchema.optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.rules.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${r.id}"` });
      seen.add(r.id);
    });
  });

/** A rule as written in a pack. */
export type Rule = z.infer<typeof RuleSchema>;
/** A rule pack as written. */
export type RulePack = z.infer<typeof RulePackSchema>;
