/**
 * Multi-document Kubernetes YAML as `kubectl apply -f` reads it: documents separated by
 * `---`, a `kind: List` (what `kubectl get … -o yaml` prints) opened into its items, empty
 * documents skipped. Each object remembers its document number and the line it starts on, so
 * every error can name the document, the field and the line.
 */
import { LineCounter, parseAllDocuments, isMap, isSeq, type Node } from 'yaml';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface SourceObject {
  /** 1-based document number in the text */
  readonly doc: number;
  /** the item's index when the document is a List */
  readonly item?: number;
  readonly value: Obj;
  /** the line a field path starts on (1-based), or the document's first line */
  readonly lineOf: (path: readonly (string | number)[]) => number;
}

export interface ManifestError {
  readonly doc: number;
  readonly line?: number;
  /** the field, as kubectl names it: `spec.template.spec.containers[0].ports[0].containerPort` */
  readonly path: string;
  readonly message: string;
}

function nodeAt(root: Node | null, path: readonly (string | number)[]): Node | null {
  let cur: Node | null = root;
  let found: Node | null = root;
  for (const key of path) {
    if (isMap(cur)) {
      const pair = cur.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      cur = (pair?.value as Node | undefined) ?? null;
    } else if (isSeq(cur) && typeof key === 'number') cur = (cur.items[key] as Node | undefined) ?? null;
    else break;
    if (cur) found = cur;
    else break;
  }
  return found;
}

export function readDocuments(text: string): { ok: true; objects: SourceObject[] } | { ok: false; errors: ManifestError[] } {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const objects: SourceObject[] = [];
  const errors: ManifestError[] = [];
  list.forEach((d, i) => {
    const doc = i + 1;
    if (d.errors.length) {
      for (const e of d.errors)
        errors.push({
          doc,
          line: e.linePos?.[0]?.line,
          path: '',
          message: `not valid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
        });
      return;
    }
    let v: unknown;
    try {
      v = d.toJS({ maxAliasCount: 100 });
    } catch (e) {
      errors.push({ doc, line: 1, path: '', message: `not a usable YAML document: ${e instanceof Error ? e.message : String(e)}` });
      return;
    }
    if (v === null || v === undefined) return;
    const lineOf = (path: readonly (string | number)[]) => {
      const n = nodeAt(d.contents as Node | null, path);
      return n?.range ? lc.linePos(n.range[0]).line : 1;
    };
    if (!isObj(v)) {
      errors.push({ doc, line: lineOf([]), path: '', message: 'a Kubernetes object is a mapping with apiVersion, kind and metadata' });
      return;
    }
    if (v.kind === 'List' && Array.isArray(v.items)) {
      v.items.forEach((item, k) => {
        if (!isObj(item)) errors.push({ doc, line: lineOf(['items', k]), path: `items[${k}]`, message: 'a List item is an object' });
        else objects.push({ doc, item: k, value: item, lineOf: (p) => lineOf(['items', k, ...p]) });
      });
    } else objects.push({ doc, value: v, lineOf });
  });
  return errors.length ? { ok: false, errors } : { ok: true, objects };
}

/** `document 2 (Deployment web), line 14: spec.replicas: must be a whole number` */
export function formatManifestError(e: ManifestError): string {
  return `document ${e.doc}${e.line !== undefined ? `, line ${e.line}` : ''}: ${e.path ? `${e.path}: ` : ''}${e.message}`;
}
