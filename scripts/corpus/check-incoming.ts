/**
 * `npx tsx scripts/corpus/check-incoming.ts datasets/incoming/<lang>.jsonl ...`: validates a new round of
 * hand-written posts before it joins `datasets/posts/` (schema, unique ids that continue the
 * language's numbering, `round` set), and prints its counts per kind. Exits 1 on any problem.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PostSchema } from '../../src/data/schema.js';
import { POSTS_DIR } from './common.js';

let bad = 0;
for (const file of process.argv.slice(2)) {
  const lang = basename(file, '.jsonl');
  const old = join(POSTS_DIR, `${lang}.jsonl`);
  const known = new Set<string>();
  if (existsSync(old)) for (const l of readFileSync(old, 'utf8').split('\n')) if (l.trim()) known.add((JSON.parse(l) as { id: string }).id);
  const kinds = new Map<string, number>();
  const seen = new Set<string>();
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${file}:${i + 1}`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      bad++;
      console.error(`${where}: not JSON (${(e as Error).message})`);
      return;
    }
    const r = PostSchema.safeParse(raw);
    if (!r.success) {
      bad++;
      console.error(`${where}: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      return;
    }
    const p = r.data;
    const problems: string[] = [];
    if (p.lang !== lang) problems.push(`lang ${p.lang} in the ${lang} file`);
    if (known.has(p.id) || seen.has(p.id)) problems.push(`duplicate id ${p.id}`);
    if (p.group !== p.id) problems.push('group must equal id');
    if (p.round === undefined) problems.push('round is missing');
    if (problems.length) {
      bad++;
      console.error(`${where}: ${problems.join('; ')}`);
    }
    seen.add(p.id);
    kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
  });
  console.log(`${file}: ${seen.size} posts · ${[...kinds].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
}
process.exit(bad ? 1 : 0);
