/**
 * One Calico policy's rules for one direction as Felix renders them into its cali-pi-/cali-po-
 * chain (felix/rules/policy.go PolicyToIptablesChains, ProtoRuleToIptablesRules; calico.md §6.4):
 *
 * - Allow: `<match> -j MARK --set-xmark 0x10000/0x10000` then `-m mark --mark 0x10000/0x10000 -j RETURN`;
 *   Pass the same with 0x20000; Deny (v3.30+) `<match> -j MARK --set-xmark 0x40000/0x40000` then
 *   `-m mark --mark 0x40000/0x40000 -j DROP`; a trailing RETURN is stripped;
 * - the chain comment (`Policy <ns>/<name> ingress`) goes on the first rule; a policy without
 *   rules is one comment-only rule;
 * - several nets, or nets with exceptions (ipBlock except), use match blocks: scratch mark bits
 *   set and cleared by preliminary rules, then tested by the rule (matchBlockBuilder).
 * Simplified: source port ranges and notPorts are not rendered; Log matches and does nothing
 * (no LOG target in the lab); protocols the lab's packets never carry (SCTP…) make a rule that
 * is left out, since it could never match.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { IpSet } from '../../model/datapath';
import type { CalicoContext, CalicoEntityRule, CalicoPolicy, CalicoProtocol, CalicoRule } from '../../policy/crd-types';
import type { IpProto } from '../../wire/headers';
import { parseCidr } from '../../wire/ipv4';
import { fx, type Built, type FelixRule } from './felix-rule';
import { MARK_ACCEPT, MARK_DROP, MARK_PASS, MARK_SCRATCH0 } from './felix-static';
import { entitySet, ipset, namedPortSet } from './policy-sets';

const MARK_SCRATCH1 = MARK_SCRATCH0 << 1;
const enc = new TextEncoder();

function b64url(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** hash.GetLengthLimitedID(prefix, suffix, 28) (libcalico-go lib/hash/hash.go) */
export function lengthLimited(prefix: string, suffix: string): string {
  if (prefix.length + suffix.length < 28 || (prefix.length + suffix.length === 28 && !suffix.startsWith('_'))) return prefix + suffix;
  return `${prefix}_${b64url(sha256(enc.encode(suffix))).slice(0, 28 - 1 - prefix.length)}`;
}

/** v3.29–v3.31: `<tier>/<ns>/<name>` (felix/rules/policy.go PolicyChainName); GlobalNetworkPolicy `<tier>/<name>` (UNVERIFIED). */
export function policyChainName(p: CalicoPolicy, dir: 'Ingress' | 'Egress'): string {
  return lengthLimited(dir === 'Ingress' ? 'cali-pi-' : 'cali-po-', p.namespace === null ? `default/${p.name}` : `default/${p.namespace}/${p.name}`);
}

export function policyLabel(p: CalicoPolicy): string {
  return p.namespace === null ? p.name : `${p.namespace}/${p.name}`;
}

const PROTO: Record<string, IpProto | null> = { TCP: 'tcp', UDP: 'udp', ICMP: 'icmp', '6': 'tcp', '17': 'udp', '1': 'icmp', '4': 'ipip' };
const protoOf = (p: CalicoProtocol): IpProto | null => PROTO[String(p)] ?? null;

type Sets = Map<string, IpSet>;

/** -s / -d for one net, or a match block over several nets and exceptions (Felix's scratch bits). */
function nets(e: CalicoEntityRule, side: 'src' | 'dst', pre: Built[], r: FelixRule): void {
  const bit = side === 'src' ? MARK_SCRATCH0 : MARK_SCRATCH1;
  if (e.nets.length <= 1 && e.notNets.length === 0) {
    if (e.nets[0]) r[side](parseCidr(e.nets[0]));
    return;
  }
  if (e.nets.length === 0) pre.push(fx().setMark(bit, bit));
  else {
    pre.push(fx().setMark(0, bit));
    for (const n of e.nets) pre.push(fx()[side](parseCidr(n)).setMark(bit, bit));
  }
  for (const n of e.notNets) pre.push(fx()[side](parseCidr(n)).setMark(0, bit));
  r.mark(bit, bit);
}

function selectors(ctx: CalicoContext, p: CalicoPolicy, e: CalicoEntityRule, dir: 'src' | 'dst', r: FelixRule, sets: Sets) {
  const pos = entitySet(p, e, 'selector');
  if (pos) {
    sets.set(pos.name, ipset(pos.name, 'hash:net', pos.members(ctx)));
    r.set(pos.name, [dir]);
  }
  const neg = entitySet(p, e, 'notSelector');
  if (neg) {
    sets.set(neg.name, ipset(neg.name, 'hash:net', neg.members(ctx)));
    r.set(neg.name, [dir], true);
  }
  return pos;
}

function expandPorts(e: CalicoEntityRule): { numbers: number[]; named: string[] } {
  const numbers: number[] = [];
  const named: string[] = [];
  for (const port of e.ports) {
    if (port.kind === 'named') named.push(port.name);
    else for (let n = port.from; n <= port.to; n++) numbers.push(n);
  }
  return { numbers, named };
}

/** The iptables rules of one Calico rule: one per port group (numbers together, each named port on its own). */
function ruleRules(
  ctx: CalicoContext,
  p: CalicoPolicy,
  rule: CalicoRule,
  sec: 'ingress' | 'egress',
  i: number,
  sets: Sets,
  first: () => string | undefined,
): Built[] {
  const proto = rule.protocol === null ? null : protoOf(rule.protocol);
  if (rule.protocol !== null && proto === null) return [];
  const { numbers, named } = expandPorts(rule.destination);
  const groups: ({ kind: 'any' } | { kind: 'nums' } | { kind: 'named'; name: string })[] = [];
  if (numbers.length) groups.push({ kind: 'nums' });
  for (const n of named) groups.push({ kind: 'named', name: n });
  if (!groups.length) groups.push({ kind: 'any' });
  const out: Built[] = [];
  for (const g of groups) {
    const pre: Built[] = [];
    const r = fx();
    const head = first();
    if (head) r.comment(head);
    if (proto) r.proto(proto);
    if (rule.notProtocol !== null) {
      const np = protoOf(rule.notProtocol);
      if (np) r.notProto(np);
    }
    nets(rule.source, 'src', pre, r);
    selectors(ctx, p, rule.source, 'src', r, sets);
    const sport = rule.source.ports.find((x) => x.kind === 'range' && x.from === x.to);
    if (sport && sport.kind === 'range' && (proto === 'tcp' || proto === 'udp')) r.sport(sport.from, proto);
    nets(rule.destination, 'dst', pre, r);
    const dstSel = selectors(ctx, p, rule.destination, 'dst', r, sets);
    if (g.kind === 'nums') r.dports(numbers);
    if (g.kind === 'named' && (proto === 'tcp' || proto === 'udp')) {
      const s = namedPortSet(dstSel, proto, g.name);
      sets.set(s.name, ipset(s.name, 'hash:ip,port', s.members(ctx)));
      r.set(s.name, ['dst', 'dst']);
    }
    if (proto === 'icmp' && rule.icmp?.type !== undefined) r.icmpType(rule.icmp.type);
    const what = `Policy ${policyLabel(p)} ${sec}[${i}]`;
    if (rule.action === 'Log') {
      out.push(...pre, r.log());
      continue;
    }
    const bit = rule.action === 'Allow' ? MARK_ACCEPT : rule.action === 'Pass' ? MARK_PASS : MARK_DROP;
    out.push(...pre, r.setMark(bit, bit));
    if (rule.action === 'Deny') out.push(fx().labComment(`${what} (Deny) matched: drop`).mark(MARK_DROP, MARK_DROP).drop());
    else out.push(fx().mark(bit, bit).ret());
  }
  return out;
}

/** The chain's rules for `dir`, and the IP sets they use. */
export function policyChainRules(ctx: CalicoContext, p: CalicoPolicy, dir: 'Ingress' | 'Egress', sets: Sets): Built[] {
  const sec = dir === 'Ingress' ? 'ingress' : 'egress';
  let head: string | undefined = `Policy ${policyLabel(p)} ${sec}`;
  const first = () => {
    const h = head;
    head = undefined;
    return h;
  };
  const rules = (dir === 'Ingress' ? p.ingress : p.egress).flatMap((r, i) => ruleRules(ctx, p, r, sec, i, sets, first));
  if (head) return [fx().comment(head).nothing()];
  // trailing RETURNs are no-ops and Felix strips them
  while (rules.length && rules[rules.length - 1].target?.kind === 'RETURN' && !rules[rules.length - 1].felix.includes('DROP')) rules.pop();
  return rules.length
    ? rules
    : [
        fx()
          .comment(`Policy ${policyLabel(p)} ${sec}`)
          .nothing(),
      ];
}
