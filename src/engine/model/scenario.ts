/**
 * Reading a scenario: YAML or JSON text -> a validated Scenario, or errors that name the
 * field and (for YAML) the line. Never throws for bad input.
 */
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { scenarioSchema, type Scenario } from './scenario-schema';
import type { ScenarioError } from './scenario-error';
import { mergeManifests } from '../manifests/merge';

export { formatScenarioError, type ScenarioError } from './scenario-error';

/** `notices`: what was read past (a manifest's kinds the lab does not model, pods left Pending) — never dropped silently */
export type ScenarioResult =
  { readonly ok: true; readonly scenario: Scenario; readonly notices?: readonly string[] } | { readonly ok: false; readonly errors: readonly ScenarioError[] };

function merged(s: Scenario, firstLine?: number): ScenarioResult {
  const m = mergeManifests(s, firstLine);
  return m.ok ? { ok: true, scenario: m.scenario, ...(m.ignored.length ? { notices: m.ignored } : {}) } : m;
}

function pathString(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), '');
}

/** The deepest YAML node that exists along `path`, so a missing field points at its parent. */
function nodeAt(root: Node | null, path: readonly PropertyKey[]): Node | null {
  let cur: Node | null = root;
  let found = root;
  for (const k of path) {
    if (isMap(cur)) {
      const pair = cur.items.find((p) => (p.key as { value?: unknown } | null)?.value === k);
      if (!pair) break;
      found = (pair.value as Node | null) ?? (pair.key as Node);
      cur = pair.value as Node | null;
    } else if (isSeq(cur) && typeof k === 'number') {
      const item = cur.items[k] as Node | undefined;
      if (!item) break;
      found = item;
      cur = item;
    } else break;
  }
  return found;
}

export function parseScenario(text: string): ScenarioResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        path: '',
        line: e.linePos?.[0]?.line,
        message: `not valid YAML/JSON: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    };
  }
  // the yaml library refuses to expand an alias bomb ("billion laughs") by throwing from toJS
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, errors: [{ path: '', line: 1, message: `not a usable YAML document: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, errors: [{ path: '', line: 1, message: 'a scenario must be a mapping with apiVersion, kind, metadata and cluster' }] };
  }
  const parsed = scenarioSchema.safeParse(data);
  if (parsed.success) {
    // a block scalar's text starts on the line after `manifests: |`
    const m = nodeAt(doc.contents as Node | null, ['cluster', 'manifests']);
    const first = m?.range ? lineCounter.linePos(m.range[0]).line + 1 : undefined;
    return merged(parsed.data, first);
  }
  const errors = parsed.error.issues.map((iss) => {
    const node = nodeAt(doc.contents as Node | null, iss.path);
    const line = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    return { path: pathString(iss.path), line, message: iss.message };
  });
  return { ok: false, errors };
}

/** Validates an already-parsed object (share links, stored state). */
export function validateScenario(data: unknown): ScenarioResult {
  const parsed = scenarioSchema.safeParse(data);
  if (parsed.success) return merged(parsed.data);
  return { ok: false, errors: parsed.error.issues.map((iss) => ({ path: pathString(iss.path), message: iss.message })) };
}
