/**
 * The hand-written word lists of the rules stage, as data: `lexicon.json` (currency symbols and
 * words, amount multipliers, route origin words), validated by zod when this module loads.
 * @module
 */
import { z } from 'zod';
import { parseOrThrow } from '../errors.js';
import lexiconJson from './lexicon.json';

const Words = z.array(z.string().min(1, 'a word cannot be empty')).min(1, 'a word list cannot be empty');

/** The shape of `src/rules/lexicon.json`. */
export const RulesLexiconSchema = z
  .object({
    $comment: z.string().optional(),
    /** Currency symbol or word (written plainly) → ISO 4217 code. */
    currencies: z.record(z.string().min(1), z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code: three capital letters')),
    /** Words after an amount that multiply it by a thousand. */
    thousandWords: Words,
    /** Words after an amount that multiply it by a million. */
    millionWords: Words,
    /** Words before a place that make it a route's start, folded. */
    originWords: Words,
  })
  .strict();

/** A parsed {@link RulesLexiconSchema}. */
export type RulesLexicon = z.infer<typeof RulesLexiconSchema>;

/** The rules stage's word lists, validated. */
export const RULES_LEXICON: Readonly<RulesLexicon> = parseOrThrow(RulesLexiconSchema, lexiconJson, 'INVALID_DATA', 'src/rules/lexicon.json is not a valid word list; fix it');
