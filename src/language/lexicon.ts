/**
 * The word lists of the language stage, as data: `lexicon.json` (hand-picked) and
 * `../rules/packs/romanised-words.json` (generated from the train split by
 * `scripts/romanised-words.ts`), both validated by zod when this module loads.
 * @module
 */
import { z } from 'zod';
import { SmuggleScanError, formatIssues, fromZodIssues } from '../errors.js';
import { languagesWhere, type Language } from '../taxonomy.js';
import lexiconJson from './lexicon.json';
import romanisedWordsJson from '../rules/packs/romanised-words.json';

/** Languages recognised in Latin letters by their common words (`latin: 'romanised'`). */
const ROMANISED_LANGUAGES: readonly Language[] = languagesWhere((l) => l.latin === 'romanised');

const Words = z.array(z.string().min(1, 'a word cannot be empty')).min(1, 'a word list cannot be empty');

/** The shape of `lexicon.json`. */
export const LexiconSchema = z
  .object({
    $comment: z.string().optional(),
    /** Function words Tigrinya uses and Amharic does not. */
    tigrinya: Words,
    /** Function words Amharic uses and Tigrinya does not. */
    amharic: Words,
    /** Albanian words franc's restricted models miss when posts drop ë and ç. */
    albanian: Words,
    /** Per romanised language, words that mark it in Latin letters; key order breaks ties. */
    romanised: z.record(z.string(), Words),
  })
  .strict()
  .superRefine((lex, ctx) => {
    const keys = Object.keys(lex.romanised);
    for (const code of ROMANISED_LANGUAGES) {
      if (!keys.includes(code)) ctx.addIssue({ code: 'custom', path: ['romanised'], message: `missing the romanised language "${code}"` });
    }
    for (const key of keys) {
      if (!(ROMANISED_LANGUAGES as readonly string[]).includes(key)) {
        ctx.addIssue({ code: 'custom', path: ['romanised', key], message: `"${key}" is not a romanised language of LANGUAGE_INFO` });
      }
    }
  });
/** A parsed {@link LexiconSchema}. */
export type Lexicon = z.infer<typeof LexiconSchema>;

/** The shape of the generated `romanised-words.json`. */
export const RomanisedWordsSchema = z.object({
  source: z.string(),
  words: z.record(z.string(), z.array(z.string())),
});

/**
 * Parses a value against `schema`, throwing `INVALID_DATA` with every problem.
 * @example parseOrThrow(LexiconSchema, lexiconJson, 'src/language/lexicon.json')
 */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = fromZodIssues('INVALID_DATA', parsed.error.issues);
  throw new SmuggleScanError('INVALID_DATA', `${name} is not a valid word list; fix it:\n${formatIssues(issues)}`, issues);
}

const lexicon = parseOrThrow(LexiconSchema, lexiconJson, 'src/language/lexicon.json');
const generated = parseOrThrow(RomanisedWordsSchema, romanisedWordsJson, 'src/rules/packs/romanised-words.json');

/** Function words of Tigrinya that Amharic does not use. */
export const TIGRINYA_WORDS: ReadonlySet<string> = new Set(lexicon.tigrinya);
/** Function words of Amharic that Tigrinya does not use. */
export const AMHARIC_WORDS: ReadonlySet<string> = new Set(lexicon.amharic);
/** Albanian words that franc's restricted models miss when posts drop ë and ç. */
export const ALBANIAN_WORDS: ReadonlySet<string> = new Set(lexicon.albanian);

/**
 * Words that mark romanised text of a language written in another script, in tie-breaking order:
 * the hand-picked words widened by each language's words of its romanised train posts and
 * transliterated variants (languages of the generated file that are not romanised are ignored).
 */
export const ROMANISED: ReadonlyMap<Language, ReadonlySet<string>> = new Map(
  Object.entries(lexicon.romanised).map(([code, words]) => [
    code as Language,
    new Set([...words, ...(generated.words[code] ?? [])]),
  ]),
);
