import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/adapters/openapi.js';
import { createScanner } from '../../src/scanner.js';
import { ClassificationResultSchema, EvidenceSchema } from '../../src/types.js';

const posts = [
  { id: 'a1', text: '🚤🇬🇧 Speedboat from Dunkirk Thursday, 4 places left, WhatsApp +44 7700 900123' },
  { id: 'n1', text: 'Selling my bike, 120 EUR, call 0612345678' },
  { id: 'e1', text: '' },
];

describe('the result contract (src/types.ts): one zod schema gives the type and the OpenAPI document', () => {
  it('every result, rules only and with the model, parses under the strict schema', async () => {
    const strict = ClassificationResultSchema.strict().extend({ evidence: EvidenceSchema.strict().array() });
    for (const scanner of [createScanner({ model: false }), createScanner()]) {
      const results = await scanner.classifyBatch(posts);
      for (const r of results) {
        const parsed = strict.safeParse(r);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      }
    }
    // The two forms of `model`: null without the model, id + hash + scores with it.
    const fused = await createScanner().classify(posts[0]!);
    expect(Object.keys(fused.model!).sort()).toEqual(['id', 'scores', 'sha256', 'version']);
    expect(fused.model!.scores.advert).toBeGreaterThan(0.5);
    expect((await createScanner({ model: false }).classify(posts[0]!)).model).toBeNull();
  });

  it('a result that breaks the contract fails it (a model evidence entry, a risk over 1)', async () => {
    const r = await createScanner({ model: false }).classify(posts[0]!);
    expect(ClassificationResultSchema.safeParse({ ...r, risk: 1.2 }).success).toBe(false);
    const fake = { label: 'crossing_offer', source: 'model', rule: 'model', start: 0, end: 0, text: '', weight: 0.9 };
    expect(ClassificationResultSchema.safeParse({ ...r, evidence: [fake] }).success).toBe(false);
  });

  it('the OpenAPI document is derived from it: same required fields, no model evidence source', () => {
    const doc = openApiDocument({ maxBatch: 10, maxBody: 1 << 20 }) as unknown as { components: { schemas: Record<string, { required: string[]; properties: Record<string, { items?: { properties: Record<string, { enum?: string[] }> } }> }> } };
    const schema = doc.components.schemas.ClassificationResult!;
    expect([...schema.required].sort()).toEqual(Object.keys(ClassificationResultSchema.shape).sort());
    expect(schema.properties.evidence!.items!.properties.source!.enum).toEqual(['rules', 'indicator', 'context']);
  });
});
