/**
 * Pass: emoji as words. Finds the emoji of the input and the word each stands for (🚤 →
 * `speedboat`, 🇬🇧 → `uk`); the character fold writes them in place of the emoji.
 * @module
 */
import emojiRegex from 'emoji-regex';
import { MAX_EMOJI_WORDS } from '../../limits.js';
import { emojiWord } from '../emoji.js';

/** Emoji by input index: where each ends, and its word (`''`: it reads as a space). */
export type EmojiAt = Map<number, { end: number; word: string }>;

const EMOJI = emojiRegex();
/** Cheap prefilter: most posts have no emoji. */
const MAY_HAVE_EMOJI = /[\u00A9\u00AE\u203C-\u3299\u20E3\uD83C-\uDBFF]/;

/** The emoji of `input`, by the index where each starts. */
export function findEmoji(input: string): EmojiAt {
  const emoji: EmojiAt = new Map();
  if (MAY_HAVE_EMOJI.test(input)) {
    for (const m of input.matchAll(EMOJI)) {
      // Past MAX_EMOJI_WORDS (only hostile posts get there) emoji become spaces: the folded text
      // stays about as long as the input.
      emoji.set(m.index, { end: m.index + m[0].length, word: emoji.size < MAX_EMOJI_WORDS ? emojiWord(m[0]) : '' });
    }
  }
  return emoji;
}
