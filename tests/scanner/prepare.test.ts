import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelInput, modelInputOfText, prepare } from '../../src/prepare.js';

describe('modelInputOfText: the model input without language ID and rules', () => {
  it('equals modelInput(prepare(text)) on sample posts, an empty one and a post past maxLength', () => {
    const samples = readFileSync('datasets/sample.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text);
    const long = `🚤 Boat to UK, WhatsApp +44 7700 900123. ${'Sp33dbоat '.repeat(3_000)}`;
    for (const text of [...samples, '', long]) expect(modelInputOfText(text), text.slice(0, 40)).toBe(modelInput(prepare(text)));
    expect(modelInputOfText(long, 50)).toBe(modelInput(prepare(long, { maxLength: 50 })));
    expect(modelInputOfText(long, 50)).not.toBe(modelInputOfText(long));
  });
});
