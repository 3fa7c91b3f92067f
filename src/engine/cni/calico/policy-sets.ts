/**
 * Felix's IP sets for rule selectors and named ports (/work/notes/calico.md §6.6):
 *
 * - a rule selector becomes the backend selector `(projectcalico.org/namespace == "<ns>" && (<sel>))`
 *   for a namespaced policy without a namespaceSelector (libcalico-go updateprocessors/rules.go
 *   getEndpointSelector), printed canonically (every && / || group in parentheses, double quotes:
 *   selector/parser/ast.go); its ID is `s:` + base64url(SHA-224("s:" + canonical)) and the set is
 *   `cali40` + ID cut to 31 characters, `hash:net` of the matching endpoints' addresses;
 * - a named port becomes `cali40n:` + base64url(SHA-224("n:<selector id>,<proto>,<name>")), a
 *   `hash:ip,port` of `ip,tcp:port` members (felix/calc/rule_scanner.go).
 * Simplified: with a namespaceSelector the canonical string is the lab's own rendering (the
 * `pcns.` label prefix is not reproduced), so such set names are not Felix's.
 */
import { sha224 } from '@noble/hashes/sha2.js';
import type { CalicoSelector } from '../../policy/calico-selector';
import { calicoSelectorMatches } from '../../policy/calico-selector';
import { calicoNamespaceLabels, endpointLabels } from '../../policy/calico';
import type { CalicoContext, CalicoEntityRule, CalicoPolicy } from '../../policy/crd-types';
import type { IpSet } from '../../model/datapath';

const enc = new TextEncoder();

function b64url(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const q = (v: string) => (v.includes('"') ? `'${v}'` : `"${v}"`);

/** The canonical selector string Felix hashes (ast.go collectFragments). */
export function canonicalSelector(s: CalicoSelector): string {
  switch (s.op) {
    case 'all':
    case 'global':
      return `${s.op}()`;
    case 'has':
      return `has(${s.label})`;
    case 'eq':
      return `${s.label} == ${q(s.value)}`;
    case 'ne':
      return `${s.label} != ${q(s.value)}`;
    case 'contains':
      return `${s.label} contains ${q(s.value)}`;
    case 'starts':
      return `${s.label} starts with ${q(s.value)}`;
    case 'ends':
      return `${s.label} ends with ${q(s.value)}`;
    case 'in':
    case 'notin':
      return `${s.label} ${s.op === 'in' ? 'in' : 'not in'} {${s.values.map(q).join(', ')}}`;
    case 'not':
      return `!${canonicalSelector(s.expr)}`;
    case 'and':
      return `(${s.exprs.map(canonicalSelector).join(' && ')})`;
    case 'or':
      return `(${s.exprs.map(canonicalSelector).join(' || ')})`;
  }
}

export function selectorId(canonical: string): string {
  return `s:${b64url(sha224(enc.encode(`s:${canonical}`)))}`;
}

const setName = (id: string) => `cali40${id}`.slice(0, 31);

/** The endpoints a rule's selector picks, as Felix's label index finds them. */
export interface SelectorSet {
  readonly name: string;
  readonly id: string;
  readonly members: (ctx: CalicoContext) => string[];
}

/** The backend selector for a rule entity's selector (or notSelector), scoped as getEndpointSelector scopes it. */
export function entitySet(p: CalicoPolicy, e: CalicoEntityRule, which: 'selector' | 'notSelector'): SelectorSet | undefined {
  const sel = e[which];
  if (!sel && !(which === 'selector' && e.namespaceSelector)) return undefined;
  const pod = sel ?? ({ op: 'all' } as CalicoSelector);
  const canonical = e.namespaceSelector
    ? `(${canonicalSelector(e.namespaceSelector)} && ${canonicalSelector(pod)})`
    : p.namespace !== null
      ? `(projectcalico.org/namespace == ${q(p.namespace)} && ${canonicalSelector(pod)})`
      : canonicalSelector(pod);
  const id = selectorId(canonical);
  return {
    id,
    name: setName(id),
    members: (ctx) =>
      ctx.pods
        .filter((x) => !x.hostNetwork && x.ip)
        .filter((x) =>
          e.namespaceSelector
            ? calicoSelectorMatches(e.namespaceSelector, calicoNamespaceLabels(ctx, x.namespace))
            : p.namespace === null || x.namespace === p.namespace,
        )
        .filter((x) => calicoSelectorMatches(pod, endpointLabels(x)))
        .map((x) => x.ip!),
  };
}

/** A named port's set: `ip,proto:port` of every endpoint the rule's positive selector picks that names that port. */
export function namedPortSet(selector: SelectorSet | undefined, proto: 'tcp' | 'udp', port: string) {
  const selId = selector?.id ?? selectorId('all()');
  const id = `n:${b64url(sha224(enc.encode(`n:${selId},${proto},${port}`)))}`;
  return {
    name: setName(id),
    members: (ctx: CalicoContext) => {
      const ips = selector ? new Set(selector.members(ctx)) : undefined;
      return ctx.pods
        .filter((x) => !x.hostNetwork && x.ip && (!ips || ips.has(x.ip)))
        .flatMap((x) => (x.ports ?? []).filter((n) => n.name === port && n.protocol.toLowerCase() === proto).map((n) => `${x.ip},${proto}:${n.port}`));
    },
  };
}

export function ipset(name: string, type: string, members: readonly string[]): IpSet {
  return { name, type, members: [...new Set(members)].sort() };
}
