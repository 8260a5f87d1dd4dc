const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Why a JSON text was refused. */
export type StrictJsonProblem = 'utf8' | 'syntax' | 'not-object' | 'duplicate' | 'depth' | 'proto';

export type StrictJsonResult =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly problem: StrictJsonProblem };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Scans object member names with an explicit stack (no recursion, so deep nesting cannot
 * overflow) and refuses duplicate names, including names equal up to case (`tid` / `TID`) and
 * after escape decoding (`t\u0069d`), and `__proto__`. JSON.parse alone keeps the last duplicate.
 */
function scanMembers(text: string, maxDepth: number): StrictJsonProblem | undefined {
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      // Jump to the closing quote with indexOf (native, much faster than a char loop): a quote
      // closes the string when it follows an even number of backslashes.
      let end = start;
      for (;;) {
        end = text.indexOf('"', end + 1);
        if (end < 0) return 'syntax';
        let backslashes = 0;
        for (let k = end - 1; k > start && text.charCodeAt(k) === BACKSLASH; k--) backslashes++;
        if (backslashes % 2 === 0) break;
      }
      i = end;
      if (expectKey) {
        const rawKey = text.slice(start + 1, i);
        let key: string;
        try {
          key = rawKey.includes('\\') ? (JSON.parse(`"${rawKey}"`) as string) : rawKey;
        } catch {
          return 'syntax';
        }
        if (key === '__proto__') return 'proto';
        const folded = key.toLowerCase();
        const members = stack[stack.length - 1];
        if (members) {
          if (members.has(folded)) return 'duplicate';
          members.add(folded);
        }
        expectKey = false;
      }
    } else if (c === 0x7b /* { */) {
      if (stack.length >= maxDepth) return 'depth';
      stack.push(new Set());
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      if (stack.length >= maxDepth) return 'depth';
      stack.push(null);
      expectKey = false;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      expectKey = stack[stack.length - 1] != null;
    }
  }
  return undefined;
}

/**
 * Decodes UTF-8 bytes (fatal on invalid sequences and on a BOM) into a JSON object with no
 * duplicate members and no prototype, nested at most `maxDepth` deep.
 */
export function parseStrictJsonObject(bytes: Uint8Array, maxDepth = 8): StrictJsonResult {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, problem: 'utf8' };
  }
  if (text.charCodeAt(0) !== 0x7b) {
    // Entra's JSON starts with `{`; whitespace, a BOM or any other value is refused.
    return { ok: false, problem: text.trimStart().startsWith('{') || text.charCodeAt(0) === 0xfeff ? 'syntax' : 'not-object' };
  }
  const scan = scanMembers(text, maxDepth);
  if (scan !== undefined) return { ok: false, problem: scan };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'syntax' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problem: 'not-object' };
  // No prototype: a claim named like an Object.prototype member can never be read by accident.
  Object.setPrototypeOf(value, null);
  return { ok: true, value: value as Record<string, unknown> };
}
