// A small strict JSON parser that remembers where every value starts, so a schema error in a hand-edited taxonomy
// points at the line and column to fix. JSON.parse gives neither positions for schema errors nor duplicate keys.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Position {
  line: number;
  column: number;
}

export interface JsonSyntaxError {
  line: number;
  column: number;
  message: string;
}

export type ParsedJson =
  | { ok: true; value: Json; positions: Map<string, Position> }
  | { ok: false; error: JsonSyntaxError };

/** Path of a value as a JSON Pointer ("/themes/0/topics/1"): the key of `positions`. */
export function pointer(parent: string, key: string | number): string {
  return `${parent}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

class SyntaxFault extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

/**
 * `positions: false` skips recording where each value is (about 10× faster on a multi-megabyte file); the caller
 * parses again with positions only when it has a problem to point at.
 */
export function parseJson(text: string, opts: { positions?: boolean } = {}): ParsedJson {
  const track = opts.positions !== false;
  const positions = new Map<string, Position>();
  let lineStarts: number[] | undefined;
  const at = (offset: number): Position => {
    if (!lineStarts) {
      lineStarts = [0];
      for (let j = 0; j < text.length; j++) if (text.charCodeAt(j) === 10) lineStarts.push(j + 1);
    }
    let lo = 0, hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };

  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const describe = (c: string | undefined): string => (c === undefined ? 'end of file' : `'${c}'`);

  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };

  const SIMPLE_STRING = /"([^"\\\u0000-\u001f]*)"/y;
  const parseString = (): string => {
    // Most strings have no escapes: one sticky regex match is much faster than a character loop.
    SIMPLE_STRING.lastIndex = i;
    const simple = SIMPLE_STRING.exec(text);
    if (simple) {
      i += simple[0].length;
      return simple[1];
    }
    const start = i;
    i++; // opening quote
    let out = '';
    let chunkStart = i;
    for (;;) {
      if (i >= text.length) throw new SyntaxFault(start, 'Unterminated string');
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(chunkStart, i);
        i++;
        return out;
      }
      if (c === 10 || c === 13) throw new SyntaxFault(start, 'Unterminated string (a line break inside a string must be written \\n)');
      if (c < 0x20) throw new SyntaxFault(i, 'Control character in string: escape it');
      if (c === 92) {
        out += text.slice(chunkStart, i);
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          throw new SyntaxFault(i, `Invalid escape ${e === undefined ? '\\' : `'\\${e}'`} in string`);
        }
        chunkStart = i;
        continue;
      }
      i++;
    }
  };

  const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  const parseNumber = (): number => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) throw new SyntaxFault(i, `Unexpected ${describe(text[i])}: expected a value`);
    const n = Number(m[0]);
    // 1e400 parses to Infinity, which no JSON writer can write back: refuse it here rather than fail on every save.
    if (!Number.isFinite(n)) throw new SyntaxFault(i, `Number ${m[0]} is too large`);
    i += m[0].length;
    return n;
  };

  const parseValue = (path: string, depth: number): Json => {
    if (depth > 200) throw new SyntaxFault(i, 'Nested too deeply');
    ws();
    if (track) positions.set(path, at(i));
    const c = text[i];
    if (c === '{') {
      const open = i;
      i++;
      const obj: { [key: string]: Json } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') {
          if (text[i] === '}') throw new SyntaxFault(i, 'Trailing comma before \'}\' is not allowed in JSON');
          throw new SyntaxFault(i, `Unexpected ${describe(text[i])}: expected a property name in double quotes`);
        }
        const keyAt = i;
        const key = parseString();
        if (Object.prototype.hasOwnProperty.call(obj, key)) throw new SyntaxFault(keyAt, `Duplicate property "${key}"`);
        ws();
        if (text[i] !== ':') throw new SyntaxFault(i, `Unexpected ${describe(text[i])}: expected ':' after property name "${key}"`);
        i++;
        const v = parseValue(track ? pointer(path, key) : '', depth + 1);
        // Own data property even for "__proto__", so a hostile key cannot reach the prototype.
        if (key === '__proto__') Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
        else obj[key] = v;
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        if (i >= text.length) throw new SyntaxFault(open, "Unclosed '{': expected '}' before end of file");
        throw new SyntaxFault(i, `Unexpected ${describe(text[i])}: expected ',' or '}' after property value`);
      }
    }
    if (c === '[') {
      const open = i;
      i++;
      const arr: Json[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        ws();
        if (text[i] === ']') throw new SyntaxFault(i, 'Trailing comma before \']\' is not allowed in JSON');
        arr.push(parseValue(track ? pointer(path, arr.length) : '', depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        if (i >= text.length) throw new SyntaxFault(open, "Unclosed '[': expected ']' before end of file");
        throw new SyntaxFault(i, `Unexpected ${describe(text[i])}: expected ',' or ']' after array element`);
      }
    }
    if (c === '"') return parseString();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return parseNumber();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
      if (i < text.length && word.startsWith(text.slice(i))) throw new SyntaxFault(i, 'Unexpected end of file (the file looks truncated)');
    }
    throw new SyntaxFault(i, `Unexpected ${describe(c)}: expected a value`);
  };

  try {
    const value = parseValue('', 0);
    ws();
    if (i < text.length) throw new SyntaxFault(i, `Unexpected ${describe(text[i])} after the end of the JSON value`);
    return { ok: true, value, positions };
  } catch (e) {
    if (e instanceof SyntaxFault) return { ok: false, error: { ...at(e.offset), message: e.message } };
    throw e;
  }
}
