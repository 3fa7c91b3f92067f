/**
 * Reading fields of one Kubernetes object with errors in the API server's words
 * (k8s.io/apimachinery field errors: `Required value`, `Invalid value: …`, `Unsupported
 * value: …`), each at its field path and line.
 */
import type { ManifestError, Obj, SourceObject } from './documents';
import { isObj } from './documents';

export type Path = readonly (string | number)[];

export const pathText = (p: Path) => p.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');

export class Fields {
  readonly errors: ManifestError[] = [];
  constructor(readonly src: SourceObject) {}

  fail(path: Path, message: string): undefined {
    this.errors.push({ doc: this.src.doc, line: this.src.lineOf(path), path: pathText(path), message });
    return undefined;
  }

  get(path: Path): unknown {
    let cur: unknown = this.src.value;
    for (const k of path) {
      if (typeof k === 'number') cur = Array.isArray(cur) ? cur[k] : undefined;
      else cur = isObj(cur) ? cur[k] : undefined;
      if (cur === undefined) return undefined;
    }
    return cur;
  }

  str(path: Path, required = false): string | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) return required ? this.fail(path, 'Required value') : undefined;
    if (typeof v !== 'string') return this.fail(path, `Invalid value: ${JSON.stringify(v)}: must be a string`);
    return v;
  }

  num(path: Path, min: number, max: number): number | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) return this.fail(path, `Invalid value: ${JSON.stringify(v)}: must be a whole number`);
    if (v < min || v > max) return this.fail(path, `Invalid value: ${v}: must be between ${min} and ${max}, inclusive`);
    return v;
  }

  bool(path: Path): boolean | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') return this.fail(path, `Invalid value: ${JSON.stringify(v)}: must be true or false`);
    return v;
  }

  oneOf<T extends string>(path: Path, values: readonly T[]): T | undefined {
    const v = this.str(path);
    if (v === undefined) return undefined;
    if (!values.includes(v as T)) return this.fail(path, `Unsupported value: "${v}": supported values: ${values.map((x) => `"${x}"`).join(', ')}`);
    return v as T;
  }

  labels(path: Path): Record<string, string> {
    const v = this.get(path);
    if (v === undefined || v === null) return {};
    if (!isObj(v)) return this.fail(path, 'Invalid value: must be a map of strings') ?? {};
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'string') out[k] = x;
      else if (typeof x === 'number' || typeof x === 'boolean')
        this.fail([...path, k], `Invalid value: ${JSON.stringify(x)}: label values are strings (quote it)`);
      else this.fail([...path, k], 'Invalid value: must be a string');
    }
    return out;
  }

  list(path: Path): unknown[] {
    const v = this.get(path);
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) return this.fail(path, 'Invalid value: must be a list') ?? [];
    return v;
  }

  obj(path: Path): Obj | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) return undefined;
    if (!isObj(v)) return this.fail(path, 'Invalid value: must be an object');
    return v;
  }
}

const DNS1123 = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** metadata.name and metadata.namespace, validated as the API server does (a DNS-1123 subdomain). */
export function meta(f: Fields, namespaced: boolean): { name: string; namespace: string } | undefined {
  const name = f.str(['metadata', 'name'], true);
  if (name !== undefined && (!DNS1123.test(name) || name.length > 253))
    return f.fail(
      ['metadata', 'name'],
      `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'`,
    );
  const namespace = namespaced ? (f.str(['metadata', 'namespace']) ?? 'default') : '';
  if (namespace && !DNS1123.test(namespace)) return f.fail(['metadata', 'namespace'], `Invalid value: "${namespace}": must be a DNS-1123 label`);
  return name === undefined ? undefined : { name, namespace };
}
