/** Issue 14, item 6: data-derived lang, kind, ids, notes and skipped-row messages are escaped in report.md and on the terminal. */
import { describe, expect, it } from 'vitest';
import { renderHeadline, renderMarkdown } from '../../src/bench/report.js';
import { summarize } from '../../src/bench/summarize.js';
import { renderTable } from '../../src/cli/table.js';
import { createScanner } from '../../src/index.js';
import { ev, meta, records } from './six-posts.js';

const evil = {
  ...ev,
  records: records.map((r, i) => (i === 1 ? { ...r, lang: '<img src=x onerror=alert(1)>', kind: '[click](javascript:alert(1)) | # head' } : r)),
  notes: ['a note \u001b]0;pwned\u0007 with \u009b31m C1'],
};

describe('report.md', () => {
  const md = renderMarkdown(summarize(evil as never, meta));
  it('escapes lang and kind, in the worst-posts list and in the tables', () => {
    expect(md).not.toMatch(/(?<!\\)<img/);
    expect(md).not.toMatch(/(?<!\\)\[click(?!\\)\]\(/);
    expect(md).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(md).toContain('\\[click\\](javascript:alert(1)) \\| \\# head');
  });
  it('shows control characters as \\xNN', () => {
    expect(md).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(md).toContain('\\x1b');
  });
});

describe('the terminal', () => {
  it('bench notes and the headline carry no control characters', () => {
    const h = renderHeadline(summarize(evil as never, meta));
    expect(h).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(h).toContain('\\x1b]0;pwned\\x07');
  });
  it('--table shows ids with control characters as \\xNN (C0 and C1)', async () => {
    const r = await createScanner({ model: false }).classify({ id: 'a\u001b[2J\u009b31mb', text: 'Boat to UK, 3 places left' });
    const t = renderTable([r], false);
    expect(t).not.toMatch(/[\u001b\u009b]/);
    expect(t).toContain('a\\x1b');
  });
});
