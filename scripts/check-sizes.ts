/**
 * Size limits of hand-written code under src/: no file over 400 lines, no function over 80.
 * Generated files (src/rules/generated/, *.json) are not counted. Exit 1 when a limit is passed.
 *   npx tsx scripts/check-sizes.ts
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export const MAX_FILE_LINES = 400;
export const MAX_FUNCTION_LINES = 80;

/** Hand-written TypeScript files under a folder. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'generated') out.push(...sourceFiles(p));
    } else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

/** Every limit a file passes, as lines `file:line what`. */
export function sizeProblems(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const problems: string[] = [];
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > MAX_FILE_LINES) problems.push(`${file}: ${lines} lines (limit ${MAX_FILE_LINES})`);
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const n = end - start + 1;
      if (n > MAX_FUNCTION_LINES) {
        const name = (node as ts.FunctionLikeDeclaration).name?.getText(sf) ?? '(anonymous)';
        problems.push(`${file}:${start + 1}: function ${name} is ${n} lines (limit ${MAX_FUNCTION_LINES})`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = sourceFiles('src').flatMap((f) => sizeProblems(relative('.', f)));
  for (const p of problems) console.log(p);
  console.log(problems.length ? `${problems.length} over the limits` : 'all files and functions within the limits');
  process.exitCode = problems.length ? 1 : 0;
}
