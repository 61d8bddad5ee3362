/**
 * Stream entries as the Redis worker reads them (RESP2 replies, as bytes), and the small text
 * helpers around them: field decoding, sizes, and URLs with their passwords redacted.
 * @module
 */

/** One stream entry. */
export interface Entry {
  id: string;
  /** The fields as read, byte for byte; null for an entry deleted while pending. */
  fields: Buffer[] | null;
}

/** Bytes (or a string) as UTF-8 text. */
export const str = (b: Buffer | string): string => (typeof b === 'string' ? b : b.toString('utf8'));

/**
 * The entries of an XREADGROUP reply (RESP2, as bytes): null, or [[stream, [[id, fields], ...]]].
 * @example entriesOf(await client.callBuffer('XREADGROUP', ...)) // [{ id: '1-0', fields: [...] }]
 */
export function entriesOf(reply: unknown): Entry[] {
  if (!Array.isArray(reply)) return [];
  const out: Entry[] = [];
  for (const s of reply as [Buffer, [Buffer, Buffer[] | null][]][]) for (const [id, fields] of s[1] ?? []) out.push({ id: str(id), fields });
  return out;
}

/**
 * The fields as text (UTF-8), for reading `id` and `text`.
 * @example fieldsToRecord([Buffer.from('text'), Buffer.from('hi')]).text // 'hi'
 */
export function fieldsToRecord(fields: Buffer[]): Record<string, string> {
  const rec: Record<string, string> = Object.create(null) as Record<string, string>; // a field may be called "__proto__"
  for (let i = 0; i + 1 < fields.length; i += 2) rec[str(fields[i]!)] = str(fields[i + 1]!);
  return rec;
}

/** An entry's size: its ID and its fields, in bytes. */
export const entryBytes = (e: Entry): number => (e.fields ?? []).reduce((n, f) => n + f.length, e.id.length);

/**
 * A Redis URL with its password replaced by `***`: in the user-info (\`user:p@ss@host\`, up to the
 * last \`@\`) and in a \`password\` query parameter.
 * @example redactUrl('redis://user:p@ss@host:6379/0?password=x') // 'redis://user:***@host:6379/0?password=***'
 */
export function redactUrl(url: string): string {
  const q = url.search(/[?#]/);
  let head = q === -1 ? url : url.slice(0, q);
  const tail = q === -1 ? '' : url.slice(q);
  const at = head.lastIndexOf('@');
  const scheme = head.indexOf('//');
  if (at !== -1 && scheme !== -1 && at > scheme) {
    const info = head.slice(scheme + 2, at);
    const colon = info.indexOf(':');
    head = `${head.slice(0, scheme + 2)}${colon === -1 ? '***' : `${info.slice(0, colon)}:***`}${head.slice(at)}`;
  }
  return head + tail.replace(/([?&](?:password|pass|pwd|auth)=)[^&#]*/gi, '$1***');
}

/** Resolves after `ms` (the timer does not keep the process alive). */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref?.());
