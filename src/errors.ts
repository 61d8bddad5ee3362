/**
 * The library's one error class. Every failure a caller can act on has a `code`, a message that
 * says what to change, and (for validation) every problem with its path.
 * @module
 */
import type { z } from 'zod';

/** Codes a caller can branch on. */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_OPTIONS'
  | 'INVALID_RULE_PACK'
  | 'UNSAFE_PATTERN'
  | 'MODEL_NOT_FOUND'
  | 'MODEL_INVALID'
  | 'MODEL_RUNTIME'
  | 'INVALID_DATA'
  /** A pool, server or worker was used after `close()`/`stop()`. */
  | 'CLOSED'
  /** A service the pipeline needs (Redis, a worker thread) cannot be reached or started. */
  | 'UNAVAILABLE'
  /** An optional peer dependency (fastify, ioredis, piscina, vega) is not installed; the message names the install command. */
  | 'DEPENDENCY_MISSING';

/** One problem found by validation, with where it is. */
export interface Issue {
  code: ErrorCode;
  /** Where the problem is: keys and indexes from the root of the validated value. */
  path: (string | number)[];
  message: string;
}

/**
 * Thrown by smugglescan for every problem a caller can fix.
 * @example
 * try { await classify(42 as never) } catch (e) {
 *   if (e instanceof SmuggleScanError && e.code === 'INVALID_INPUT') { ... }
 * }
 */
export class SmuggleScanError extends Error {
  readonly code: ErrorCode;
  readonly issues: Issue[];
  constructor(code: ErrorCode, message: string, issues: Issue[] = []) {
    super(message);
    this.name = 'SmuggleScanError';
    this.code = code;
    this.issues = issues;
  }
  /** A plain object for JSON output: `{code, message, issues?}`. */
  toJSON(): { code: ErrorCode; message: string; issues?: Issue[] } {
    return this.issues.length
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}

/** Turns zod issues into ours, keeping paths. */
export function fromZodIssues(
  code: ErrorCode,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  prefix: (string | number)[] = [],
): Issue[] {
  return issues.map((i) => ({
    code,
    path: [...prefix, ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))],
    message: i.message,
  }));
}

/** Formats issues as `path: message` lines for an error message. */
export function formatIssues(issues: Issue[], max = 10): string {
  const lines = issues.slice(0, max).map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
  if (issues.length > max) lines.push(`  - ... and ${issues.length - max} more`);
  return lines.join('\n');
}

/**
 * Parses a value with a zod schema, or throws a SmuggleScanError with `code` whose message is
 * `heading`, then every problem with its path.
 * @example parseOrThrow(LexiconSchema, json, 'INVALID_DATA', 'src/language/lexicon.json is not a valid word list; fix it')
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, code: ErrorCode, heading: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = fromZodIssues(code, parsed.error.issues);
  throw new SmuggleScanError(code, `${heading}:\n${formatIssues(issues)}`, issues);
}

/**
 * Parses options with a zod schema (undefined reads as `{}`); throws `INVALID_OPTIONS` listing
 * every problem under "Invalid <what> options".
 * @example const o = parseOptions(PoolOptionsSchema, options, 'pool');
 */
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  return parseOrThrow(schema, value ?? {}, 'INVALID_OPTIONS', `Invalid ${what} options`);
}
