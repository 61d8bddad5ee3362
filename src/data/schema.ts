/**
 * The corpus record schema (`datasets/`): one zod schema used by `npm run data:check`, the data
 * build, training and the benchmark harness.
 * @module
 */
import { z } from 'zod';
import { KINDS, LABELS, LANGUAGES, PRIMARY_LABELS } from '../taxonomy.js';

const primary = new Set<string>(PRIMARY_LABELS);

/** One labelled post. */
export const PostSchema = z
  .object({
    id: z.string().regex(/^[a-z]{3}-[0-9a-z-]+$/, 'ids look like "fra-0001" (variants: "fra-0001-v-leet")'),
    text: z.string().min(1),
    lang: z.enum(LANGUAGES),
    advert: z.boolean(),
    labels: z.array(z.enum(LABELS)),
    kind: z.enum(KINDS),
    group: z.string().min(1),
    script: z.enum(['Latn', 'Arab', 'Ethi', 'Cyrl', 'Grek']).optional(),
    augmented: z.boolean().optional(),
    of: z.string().optional(),
    attack: z.string().optional(),
    split: z.enum(['train', 'dev', 'test']).optional(),
    /** The writing round of a hand-written post (5 and later; earlier rounds are known by revision). */
    round: z.number().int().min(1).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const hasPrimary = p.labels.some((l) => primary.has(l));
    if (p.advert && !hasPrimary) ctx.addIssue({ code: 'custom', path: ['labels'], message: 'an advert needs a primary label' });
    if (!p.advert && hasPrimary) ctx.addIssue({ code: 'custom', path: ['labels'], message: 'a negative cannot carry a primary label' });
    if (p.advert !== (p.kind === 'advert')) ctx.addIssue({ code: 'custom', path: ['kind'], message: 'kind "advert" if and only if advert is true' });
    if (new Set(p.labels).size !== p.labels.length) ctx.addIssue({ code: 'custom', path: ['labels'], message: 'duplicate label' });
    if (p.augmented && !p.of) ctx.addIssue({ code: 'custom', path: ['of'], message: 'a generated variant names its source in "of"' });
  });

/** One labelled post. */
export type Post = z.infer<typeof PostSchema>;
