/**
 * Every bound on text and evidence, in one place. Each keeps a real post whole and caps what a
 * hostile one (100,000 characters of one word, thousands of emoji or digit runs) can cost. The
 * values are those the figures in benchmarks/ were measured with; changing one changes behaviour.
 * @module
 */

/** Texts longer than this many UTF-16 units are classified on their start (option `maxLength`). */
export const DEFAULT_MAX_LENGTH = 20_000;
/** The largest `maxLength` a caller may ask for. */
export const MAX_LENGTH_LIMIT = 10_000_000;

/** Characters language ID reads from the start of a post (franc's trigram count is stable long before). */
export const LANGUAGE_MAX_CHARS = 4_000;
/**
 * The model never reads more than this many folded characters (16 per token at its 512-token
 * maximum; the shipped model reads 128 tokens), so a huge post is cut before it is re-spaced.
 */
export const MODEL_MAX_CHARS = 16 * 512;

/** Emoji read as words per post; later ones read as spaces. */
export const MAX_EMOJI_WORDS = 1_000;

/** Hits kept per rule and post: enough for scores and evidence, and a bound on hostile input. */
export const MAX_HITS_PER_RULE = 16;
/**
 * Times one word may start a match per post. Real posts never repeat a word this often; a hostile
 * 100k-character post of one word repeated would otherwise try every term on every copy.
 */
export const MAX_WORD_REPEATS = 256;
/** Characters of folded text that patterns read (terms read everything). */
export const PATTERN_WINDOW = 10_000;
/** Places found per post. */
export const MAX_PLACES = 64;
/** Characters looked back from a word to decide whether it starts a sentence. */
export const SENTENCE_LOOKBACK = 64;
/** A quotation longer than this (UTF-16 units) is not a quoted phrase: an unclosed mark. */
export const MAX_QUOTE = 200;
/** Most romanised readings kept per word; rare letters beyond it take their first reading. */
export const MAX_SKELETON_VARIANTS = 8;

/** Indicators (phones, handles, URLs, prices) kept per kind and post. */
export const MAX_INDICATORS_PER_KIND = 32;
/** Numbers looked at for a currency, per post (a post of digits is not a price list). */
export const MAX_AMOUNTS_EXAMINED = 1_000;
/**
 * Digit runs parsed as possible phone numbers, per post: twice MAX_INDICATORS_PER_KIND, as a real
 * post has a few; each failed parse costs tens of microseconds (libphonenumber builds an error object).
 */
export const MAX_PHONES_EXAMINED = 64;

/** Rule and context evidence entries kept per post. */
export const MAX_RULE_EVIDENCE = 64;
/** Evidence entries per post once indicators are added to the rules' entries. */
export const MAX_EVIDENCE = 96;

/**
 * Limits on user rule packs, checked before validation and compilation: every rule and pattern
 * is matched against every post, so a pack's size is a per-post cost. Totals are over all user
 * packs in one load. Measured budget (rules only, the 16 sample posts, a loaded 2-core machine):
 * the built-in packs take 3.2 ms per post; a user pack at the limits (500 simple patterns, 20,000
 * two-word terms) adds 1.6 ms per post. Linear-time patterns are still required (`UNSAFE_PATTERN`):
 * the limits bound how many, not how slow each one is.
 */
export const PACK_LIMITS = {
  packs: 64,
  rules: 5_000,
  termsPerRule: 1_000,
  terms: 20_000,
  patternsPerRule: 50,
  patterns: 500,
  /** Quantifiers (`*`, `+`, `?`, `{m,n}`) and alternations (`|`) in one pattern. */
  patternOperators: 40,
  places: 5_000,
  /** Characters of every term, pattern and place alias together. */
  chars: 2_000_000,
} as const;
