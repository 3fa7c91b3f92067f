/**
 * Seeded input mutation for the fuzzer: small edits a person (or a bad copy-paste) makes to a
 * valid file — a flipped character, a lost or doubled line, a value of the wrong type, a
 * truncated end — plus hostile values (huge numbers, markup, control characters, YAML alias
 * bombs). Deterministic from the seed (mulberry32), so a failure is reproducible.
 */
export type Rng = () => number;

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rng, n: number) => Math.floor(r() * n);

/** Values that break naive code: wrong types, limits, markup, unicode, YAML specials. */
export const HOSTILE = [
  '-1',
  '0',
  '65536',
  '4294967296',
  '1e309',
  'NaN',
  '.inf',
  '-.inf',
  '~',
  'null',
  'true',
  '[]',
  '{}',
  '""',
  "''",
  '"<script>alert(1)</script>"',
  '"<img src=x onerror=alert(1)>"',
  '"\\u0000"',
  '"\\u202e"',
  '"🙂"',
  '"a\\nb"',
  '"10.0.0.256"',
  '"10.0.0.0/33"',
  '"300.1.1.1"',
  '"::1"',
  '"node1"',
  '"../../etc/passwd"',
  '&a x',
  '*a',
  '!!binary AAAA',
  '"' + 'x'.repeat(5000) + '"',
  '[1, [2, [3, [4, [5]]]]]',
  '{ a: { b: { c: { d: 1 } } } }',
  '0x10',
  '012',
  '1_000',
];

export function mutateText(text: string, r: Rng): string {
  const lines = text.split('\n');
  const edits = 1 + int(r, 3);
  let out = lines;
  for (let e = 0; e < edits; e++) {
    const i = int(r, Math.max(1, out.length));
    switch (int(r, 9)) {
      case 0: // delete a line
        out = out.filter((_, k) => k !== i);
        break;
      case 1: // duplicate a line
        out = [...out.slice(0, i + 1), out[i] ?? '', ...out.slice(i + 1)];
        break;
      case 2: {
        // swap two lines
        const j = int(r, out.length);
        out = out.map((l, k) => (k === i ? out[j] : k === j ? out[i] : l));
        break;
      }
      case 3: {
        // replace a scalar value with a hostile one
        const l = out[i] ?? '';
        const m = /^(\s*-?\s*[\w.-]+:\s*)(.+)$/.exec(l);
        out = out.map((x, k) => (k === i ? (m ? m[1] + pick(r, HOSTILE) : x + pick(r, HOSTILE)) : x));
        break;
      }
      case 4: {
        // flip one character
        const l = out[i] ?? '';
        const c = int(r, Math.max(1, l.length));
        const ch = pick(r, [':', '-', ' ', '\t', '{', '}', '[', ']', '#', '"', "'", '&', '*', '!', '|', '>', '%', '@', '`', 'x', '9']);
        out = out.map((x, k) => (k === i ? x.slice(0, c) + ch + x.slice(c + 1) : x));
        break;
      }
      case 5: // truncate
        return out.join('\n').slice(0, int(r, text.length));
      case 6: {
        // change indentation
        const l = out[i] ?? '';
        out = out.map((x, k) => (k === i ? (r() < 0.5 ? '  ' + l : l.replace(/^ {1,2}/, '')) : x));
        break;
      }
      case 7: // a key of a known kind with a hostile value
        out = [
          ...out.slice(0, i),
          `${pick(r, ['  mtu', '  mode', '    - name', '  kubeProxy', 'probes', '  podCIDR', '      port', 'faults'])}: ${pick(r, HOSTILE)}`,
          ...out.slice(i),
        ];
        break;
      default: // insert noise
        out = [...out.slice(0, i), pick(r, HOSTILE), ...out.slice(i)];
    }
  }
  return out.join('\n');
}

/** A JSON value with one edit deep inside: a field dropped, retyped or replaced. */
export function mutateJson(value: unknown, r: Rng, depth = 0): unknown {
  if (value === null || typeof value !== 'object') {
    return pick(r, [value, -1, 0, 1e9, '', 'x', null, true, [], {}, '<b>x</b>', 'a'.repeat(300), 1.5, '10.0.0.0/8']);
  }
  if (Array.isArray(value)) {
    if (!value.length || r() < 0.15) return pick(r, [[], [null], value.concat(value), 'not a list', null]);
    const i = int(r, value.length);
    return value.map((v, k) => (k === i ? mutateJson(v, r, depth + 1) : v));
  }
  const keys = Object.keys(value);
  const o = value as Record<string, unknown>;
  if (!keys.length || r() < 0.1) return { ...o, [pick(r, ['extra', '__proto__', 'constructor', 'kind'])]: pick(r, [1, 'x', {}]) };
  const k = pick(r, keys);
  if (r() < 0.2) {
    const rest = { ...o };
    delete rest[k];
    return rest;
  }
  return { ...o, [k]: depth > 6 && r() < 0.5 ? pick(r, [null, 'x', -1]) : mutateJson(o[k], r, depth + 1) };
}

/** A YAML alias bomb ("billion laughs"): the parser must refuse it, not expand it. */
export function aliasBomb(levels: number): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < levels; i++)
    lines.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return lines.join('\n');
}
