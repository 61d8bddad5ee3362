/**
 * Pass: the character fold, the first pass that writes units. Each input character becomes its
 * fold (compatibility forms, case, accents and harakat, Arabic letter variants and digits; see
 * `foldChar`); invisible characters go, control characters and lone surrogates become spaces, ZWNJ
 * stays only inside Arabic-script words, and the emoji words and look-alike swaps found by the
 * passes before are written in place of what they replace.
 * @module
 */
import { foldChar, foldInputChar } from '../chars.js';
import { Units } from '../units.js';
import type { EmojiAt } from './emoji-words.js';
import type { Swaps } from './look-alikes.js';

const ZWNJ = '\u200C';
const ARABIC_LETTER = /[\u0620-\u064A\u066E-\u06D3\u06D5\u06EE\u06EF\u06FA-\u06FC\u06FF\u0750-\u077F]/u;
/** Arabic-script letters that do not join the following letter (Unicode joining types R and U). */
const NON_JOINING = new Set([...'اأإآٱٲٳءدذرزژوؤۆۇۈۉۊۋەڕڈډړږڑڗڙۄةۀےۍ']);

/**
 * Whether the ZWNJ at `input[i]` stays: only between Arabic-script letters (Persian, Sorani, Pashto
 * spelling). After a letter that never joins the next one (ا, د, ر, و...) it changes nothing on
 * screen, so it is there to split a word for filters ("مو‌فق"): it goes too.
 */
function keepsZwnj(input: string, i: number): boolean {
  const prev = input[i - 1] ?? '';
  return ARABIC_LETTER.test(prev) && !NON_JOINING.has(prev) && ARABIC_LETTER.test(input[i + 1] ?? '');
}

/** The units of `input` folded character by character, with `emoji` and `swaps` applied. */
export function foldChars(input: string, emoji: EmojiAt, swaps: Swaps): Units {
  const units = new Units(input.length + 16);
  const swapAt = swaps.at;
  // Swaps come in input order, so one cursor finds the swap at i, if any.
  let sk = 0;
  let i = 0;
  while (i < input.length) {
    const em = emoji.size ? emoji.get(i) : undefined;
    if (em) {
      units.pushEach(em.word ? ` ${em.word} ` : ' ', i, em.end);
      i = em.end;
      continue;
    }
    const cp = input.codePointAt(i) ?? 0;
    const len = cp > 0xffff ? 2 : 1;
    let swap: string | undefined;
    if (swapAt.length) {
      while (sk < swapAt.length && swapAt[sk]! < i) sk++;
      if (swapAt[sk] === i) swap = swaps.to[sk];
    }
    if (cp >= 0x20 && cp < 0x7f && swap === undefined) {
      // Printable ASCII: only case folds.
      units.push(cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : input[i]!, i, i + 1);
      i++;
      continue;
    }
    if (cp >= 0xd800 && cp <= 0xdfff) {
      units.push(' ', i, i + 1); // lone surrogate
    } else if (cp === 0x200c) {
      if (keepsZwnj(input, i)) units.push(ZWNJ, i, i + 1);
    } else {
      // Swaps only ever replace letters, never ignorable or control characters.
      units.pushEach(swap !== undefined ? foldChar(swap) : foldInputChar(input.slice(i, i + len)), i, i + len);
    }
    i += len;
  }
  return units;
}
