/**
 * Stage 1: normalisation. Folds a post into the form the rules and the model read, and keeps a map
 * from every UTF-16 unit of the folded text back to the characters of the input it came from, so
 * evidence found on the folded text is reported as a {@link Span} of the input.
 *
 * What it undoes: invisible characters, compatibility forms (fullwidth, mathematical letters),
 * case, accents and Arabic harakat/tatweel, Arabic letter variants, Arabic-Indic digits,
 * look-alike letters from other scripts in mixed tokens, leetspeak between letters, letters split
 * by spaces or dots, long repeats, and emoji standing for words.
 *
 * Layout: `chars` (what one character folds to, character classes), `units` (the folded units
 * with their input spans, the UTF-16 layout and {@link originalSpan}), and one file per pass
 * under `passes/`, run in the order this file lists.
 * @module
 */
import type { Span } from '../types.js';
import { findEmoji } from './passes/emoji-words.js';
import { foldChars } from './passes/fold-chars.js';
import { foldLeet } from './passes/leet.js';
import { confusableSwaps } from './passes/look-alikes.js';
import { collapseRepeats } from './passes/repeats.js';
import { joinSpacedLetters } from './passes/spaced-letters.js';
import { collapseSpaces } from './passes/spaces.js';
import { layOut, type Normalized, type UnitPass } from './units.js';

export { MAX_EMOJI_WORDS } from '../limits.js';
export { emojiWord } from './emoji.js';
export { isTokenChar } from './chars.js';
export { originalSpan, type Normalized } from './units.js';

/**
 * The passes over the folded units, in the order they run after the character fold: leetspeak,
 * spaced letters, repeats, and last the whitespace (each reads what the one before left).
 */
const UNIT_PASSES: readonly UnitPass[] = [foldLeet, joinSpacedLetters, collapseRepeats, collapseSpaces];

/**
 * Folds `input` for matching and keeps the map back to it. The emoji and look-alike passes read
 * the input and say what to replace; the character fold writes the units with those replacements;
 * {@link UNIT_PASSES} rewrite the units; the units are laid out as UTF-16 text with its map.
 * @example
 * const n = normalize('P4SSP0RT 🛂 Ｌｏｎｄｏｎ');
 * n.text // 'passport passport london'
 * originalSpan(n, 0, 8) // {start: 0, end: 8}
 */
export function normalize(input: string): Normalized {
  const units = foldChars(input, findEmoji(input), confusableSwaps(input));
  for (const pass of UNIT_PASSES) pass(units);
  return layOut(input, units);
}

/**
 * Folds a lexicon term the way posts are folded, so terms can be written plainly.
 * @example foldTerm('Traversée') // 'traversee'
 */
export function foldTerm(term: string): string {
  return normalize(term).text;
}
