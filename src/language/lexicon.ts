/**
 * The word lists of the language stage, as data: `lexicon.json` (hand-picked) and
 * `../rules/generated/romanised-words.json` (generated from the train split by
 * `scripts/romanised-words.ts`), both validated by zod when this module loads.
 * @module
 */
import { z } from 'zod';
import { parseOrThrow } from '../errors.js';
import { languagesWhere, type Language } from '../taxonomy.js';
import lexiconJson from './lexicon.json';
import romanisedWordsJson from '../rules/generated/romanised-words.json';

/** Languages recognised in Latin letters by their common words (`latin: 'romanised'`). */
const ROMANISED_LANGUAGES: readonly Language[] = languagesWhere((l) => l.latin === 'romanised');

/** Languages written natively in Latin letters (`latin: 'native'`). */
const LATIN_LANGUAGES: readonly Language[] = languagesWhere((l) => l.latin === 'native');

/** Checks that a record of word lists has one key per language of `expected`, and no other. */
function sameLanguages(record: Record<string, unknown>, expected: readonly Language[], key: string, ctx: z.RefinementCtx): void {
  const keys = Object.keys(record);
  for (const code of expected) {
    if (!keys.includes(code)) ctx.addIssue({ code: 'custom', path: [key], message: `missing the language "${code}"` });
  }
  for (const k of keys) {
    if (!(expected as readonly string[]).includes(k)) ctx.addIssue({ code: 'custom', path: [key, k], message: `"${k}" does not belong here (see LANGUAGE_INFO)` });
  }
}

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
    /** Per Latin-script language, function words that show it mixed into a post (rules/mixing.ts). */
    functionWords: z.record(z.string(), Words),
  })
  .strict()
  .superRefine((lex, ctx) => {
    sameLanguages(lex.romanised, ROMANISED_LANGUAGES, 'romanised', ctx);
    sameLanguages(lex.functionWords, LATIN_LANGUAGES, 'functionWords', ctx);
  });
/** A parsed {@link LexiconSchema}. */
export type Lexicon = z.infer<typeof LexiconSchema>;

/** The shape of the generated `romanised-words.json`. */
export const RomanisedWordsSchema = z.object({
  source: z.string(),
  words: z.record(z.string(), z.array(z.string())),
});


const lexicon = parseOrThrow(LexiconSchema, lexiconJson, 'INVALID_DATA', 'src/language/lexicon.json is not a valid word list; fix it');
const generated = parseOrThrow(RomanisedWordsSchema, romanisedWordsJson, 'INVALID_DATA', 'src/rules/generated/romanised-words.json is not a valid word list; fix it');

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

/**
 * Function words of each Latin-script language, folded (lower case, no accents), in the order that
 * `mixedLanguages` meets them: a post holding two of a language's words is written partly in it.
 */
export const FUNCTION_WORDS: ReadonlyMap<Language, ReadonlySet<string>> = new Map(
  Object.entries(lexicon.functionWords).map(([code, words]) => [
    code as Language,
    new Set(words.map((w) => w.normalize('NFD').replace(/\p{M}/gu, ''))),
  ]),
);
