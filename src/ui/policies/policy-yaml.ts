/**
 * The Policies panel's text side: a policy as YAML a learner edits, checked on each change
 * by the engine's own parser (policy/objects.ts parsePolicyObject, the API server's
 * validation), with every error placed at a line of the text. YAML syntax errors come from
 * the `yaml` package; a validation error's field path (`spec.ingress[0].from[0]`) is looked up
 * in the document's AST and reported at the line of the deepest node that exists (a missing
 * field is reported where its parent is). Loaded with the panel, never with the page.
 */
import { LineCounter, parseDocument, stringify, isMap, isSeq, type Node as YamlNode, type ParsedNode } from 'yaml';
import { parsePolicyObject, policyObjectKey, type PolicyObject } from '../../engine/policy';
import { networkPolicyManifest, policyManifest } from '../../engine/policy/manifest';

export { networkPolicyManifest };

export interface PolicyTextError {
  /** 1-based line (and column) of the text the error is about */
  readonly line: number;
  readonly col: number;
  /** the field, as the engine names it: `spec.ingress[0].from[0]`; empty for a YAML syntax error */
  readonly path: string;
  readonly message: string;
}

export type PolicyTextResult =
  { readonly ok: true; readonly record: PolicyObject; readonly key: string } | { readonly ok: false; readonly errors: readonly PolicyTextError[] };

/** `spec.ingress[0].from[1]` → ['spec', 'ingress', 0, 'from', 1] */
export function pathKeys(path: string): (string | number)[] {
  if (!path) return [];
  return path.split('.').flatMap((part) => {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [part];
    return [...(m[1] ? [m[1]] : []), ...[...m[2].matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]))];
  });
}

/** The deepest node of `root` along `keys`: for a missing field, the mapping that should hold it. */
function deepestNode(root: ParsedNode | null, keys: readonly (string | number)[]): YamlNode | null {
  let node: YamlNode | null = root;
  for (const k of keys) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === k);
      // the key's line reads better than its value's when the value is a nested block
      next = pair ? (pair.value ?? pair.key) : undefined;
    } else if (isSeq(node) && typeof k === 'number') next = node.items[k];
    if (!next || typeof next !== 'object') break;
    node = next as YamlNode;
  }
  return node;
}

/** Parses and validates one policy as a learner wrote it. */
export function validatePolicyText(text: string): PolicyTextResult {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length)
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const at = lc.linePos(e.pos[0]);
        return { line: at.line, col: at.col, path: '', message: e.message.split('\n')[0] };
      }),
    };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }); // throws on an alias bomb instead of expanding it
  } catch (e) {
    return { ok: false, errors: [{ line: 1, col: 1, path: '', message: `not a usable YAML document: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  const r = parsePolicyObject(data);
  if (r.ok) return { ok: true, record: r.record, key: policyObjectKey(r.record) };
  return {
    ok: false,
    errors: r.issues.map((i) => {
      const node = deepestNode(doc.contents, pathKeys(i.path));
      const at = lc.linePos(node?.range?.[0] ?? 0);
      return { line: at.line, col: at.col, path: i.path, message: i.message };
    }),
  };
}

/**
 * The text to edit for a policy the scenario already holds: a Kubernetes or Cilium policy as
 * its manifest; a Calico CRD is held normalised, so it is shown as the engine holds it
 * (simplified: no way back to the manifest it came from), to be rewritten as a manifest.
 */
export function policyText(p: PolicyObject): string {
  if (p.kind === 'NetworkPolicy' || p.kind === 'CiliumNetworkPolicy') return stringify(policyManifest(p));
  return `# ${policyObjectKey(p)}, as the engine holds it (normalised, not the manifest it came from):\n# replace this text with the manifest to edit it\n${stringify(
    p,
  )
    .split('\n')
    .map((l) => (l ? `# ${l}` : l))
    .join('\n')}`;
}

export const DEFAULT_DENY_INGRESS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-ingress
  namespace: default
spec:
  podSelector: {}
  policyTypes:
    - Ingress
`;

export const NEW_POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-from-client
  namespace: default
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: client
`;
