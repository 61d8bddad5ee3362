/**
 * Emoji that stand for words in adverts, and the words they become in the folded text. Flags
 * become their region's short English name (🇬🇧 → `uk`), keycaps their digit. Emoji not listed
 * here become a space, so they still separate words.
 * @module
 */

/** Emoji (without variation selectors) → the word(s) it stands for. */
export const EMOJI_WORDS: Readonly<Record<string, string>> = {
  '🚤': 'speedboat', '🛥': 'boat', '⛵': 'boat', '🚣': 'boat', '🛶': 'boat', '🚢': 'ship',
  '⛴': 'ferry', '⚓': 'anchor', '🌊': 'sea', '🏝': 'island', '🏖': 'beach',
  '🚚': 'lorry', '🚛': 'lorry', '🚐': 'van', '🚗': 'car', '🚙': 'car', '🚕': 'taxi', '🚖': 'taxi',
  '🚌': 'bus', '🚆': 'train', '🚄': 'train', '✈': 'plane', '🛫': 'plane', '🛬': 'plane',
  '🚶': 'walk', '🚶‍♂': 'walk', '🚶‍♀': 'walk', '🏃': 'run', '🏃‍♂': 'run', '🌲': 'forest', '🌳': 'forest',
  '🚧': 'border', '🛃': 'customs', '🛂': 'passport', '📕': 'passport', '📘': 'passport',
  '📗': 'passport', '🪪': 'id card', '📄': 'document', '📃': 'document', '📑': 'documents',
  '🗂': 'documents', '💳': 'card', '🖨': 'print',
  '💶': 'euro', '💷': 'pound', '💵': 'dollar', '💴': 'money', '💰': 'money', '💸': 'money', '🤑': 'money',
  '🦺': 'life jacket', '⛽': 'fuel', '🧭': 'compass', '🛰': 'gps', '🔧': 'engine', '⚙': 'engine',
  '📞': 'phone', '☎': 'phone', '📱': 'phone', '📲': 'phone', '💬': 'message', '📩': 'message', '📨': 'message',
  '📥': 'inbox', '✉': 'message', '🎁': 'gift', '🆓': 'free', '💯': '100', '🎮': 'game',
  '📍': 'location', '🗺': 'map', '🎥': 'video', '📹': 'video', '📸': 'photo', '📷': 'photo',
  '🔒': 'safe', '🛡': 'safe', '✅': 'ok', '⏰': 'time', '📅': 'date', '🗓': 'date',
  '🤝': 'deal', '👮': 'police', '🚔': 'police', '🚓': 'police', '⚠': 'warning', '🚨': 'warning',
  '🏴󠁧󠁢󠁥󠁮󠁧󠁿': 'england', '🏴󠁧󠁢󠁳󠁣󠁴󠁿': 'scotland',
};

/** Short names used instead of the CLDR ones where adverts use the short form. */
const REGION_OVERRIDES: Readonly<Record<string, string>> = {
  GB: 'uk', US: 'usa', AE: 'uae', CZ: 'czechia', BA: 'bosnia', MK: 'macedonia', KR: 'korea',
  CD: 'congo', CG: 'congo', CI: 'ivory coast', EU: 'europe', UN: 'un',
};

let regionNames: Intl.DisplayNames | undefined;

/** The word for a flag emoji (two regional-indicator letters), or undefined. */
function flagWord(emoji: string): string | undefined {
  const cps = [...emoji].map((c) => c.codePointAt(0) ?? 0);
  if (cps.length !== 2 || cps.some((c) => c < 0x1f1e6 || c > 0x1f1ff)) return undefined;
  const code = String.fromCharCode(...cps.map((c) => c - 0x1f1e6 + 65));
  const override = REGION_OVERRIDES[code];
  if (override) return override;
  regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
  try {
    const name = regionNames.of(code);
    return name && name !== code ? name.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The word an emoji sequence stands for, or '' when it stands for none.
 * @example emojiWord('🇬🇧') // 'uk'
 */
export function emojiWord(emoji: string): string {
  let word = wordCache.get(emoji);
  if (word === undefined) {
    word = lookUp(emoji);
    if (wordCache.size < 10_000) wordCache.set(emoji, word);
  }
  return word;
}

const wordCache = new Map<string, string>();

function lookUp(emoji: string): string {
  const bare = emoji.replace(/[\uFE0E\uFE0F]/g, '').replace(/\p{Emoji_Modifier}/gu, '');
  const direct = EMOJI_WORDS[bare];
  if (direct !== undefined) return direct;
  const keycap = /^([0-9#*])\u20E3$/u.exec(bare);
  if (keycap) return keycap[1] ?? '';
  const flag = flagWord(bare);
  if (flag) return flag;
  // ZWJ sequences: the first part decides (🚶‍♂️ → walk).
  const first = bare.split('\u200D')[0] ?? '';
  return first !== bare ? (EMOJI_WORDS[first] ?? '') : '';
}
