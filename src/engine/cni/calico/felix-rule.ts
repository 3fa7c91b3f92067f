/**
 * Felix's iptables rules as the lab's Rule records, each with the `cali:<hash>` comment Felix
 * puts first (felix/rules/rule_defs.go RuleHashPrefix). The hash (felix/generictables/rules.go
 * RuleHashes, felix/iptables/renderer.go):
 *
 *   h = SHA224(chain); for each rule: h = SHA224(h || "-A <chain> HASH[ <felix render>]");
 *   hash = base64url(h)[:16]
 *
 * over Felix's own rendering of the rule (rule comments, then the matches in builder order,
 * then the action: `--in-interface`, `--goto`, `--set-mark 0/0x30000`, `-p 17` for a protocol
 * number). Reproduced against real hashes in /work/notes/calico.md §0 (jmN6LhWi_ZQe6T_y,
 * flqWnvo8yq4ULQLa, UFrfeYEe5VMXOxxv… are pinned in felix-rule.test.ts).
 */
import { sha224 } from '@noble/hashes/sha2.js';
import type { Chain, CtState, MatchModule, Rule, RuleMatch, RuleTarget } from '../../model/datapath';
import type { IpProto } from '../../wire/headers';
import type { Cidr } from '../../wire/ipv4';

const enc = new TextEncoder();

function b64url(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Felix's rule hashes for a chain whose rules render as `rendered`. */
export function felixRuleHashes(chain: string, rendered: readonly string[]): string[] {
  let h = sha224(enc.encode(chain));
  return rendered.map((r) => {
    const s = enc.encode(`-A ${chain} HASH${r ? ` ${r}` : ''}`);
    const buf = new Uint8Array(h.length + s.length);
    buf.set(h);
    buf.set(s, h.length);
    h = sha224(buf);
    return b64url(h).slice(0, 16);
  });
}

const hex = (n: number) => (n === 0 ? '0' : `0x${n.toString(16)}`);

/** A rule being built: the record and Felix's rendering of it, part by part. */
export class FelixRule {
  private readonly comments: string[] = [];
  private readonly modules: MatchModule[] = [];
  private readonly felix: string[] = [];
  private match: RuleMatch = {};
  private action: RuleTarget | undefined;

  comment(text: string): this {
    this.comments.push(text);
    this.modules.push({ m: 'comment', comment: text });
    return this;
  }
  /**
   * A comment the lab adds for the learner where Felix writes none (the policy and direction a
   * drop belongs to). It is not part of Felix's rendering, so the rule keeps Felix's hash. Simplified.
   */
  labComment(text: string): this {
    this.modules.push({ m: 'comment', comment: text });
    return this;
  }
  sport(port: number, proto: 'tcp' | 'udp'): this {
    this.modules.push({ m: proto, sport: port });
    this.felix.push(`-m multiport --source-ports ${port}`);
    return this;
  }
  icmpType(type: number): this {
    this.modules.push({ m: 'icmp', icmpType: type });
    this.felix.push(`-m icmp --icmp-type ${type}`);
    return this;
  }
  notProto(p: IpProto): this {
    this.match = { ...this.match, notProto: p };
    this.felix.push(`! -p ${p}`);
    return this;
  }
  inIface(dev: string): this {
    this.match = { ...this.match, inIface: dev };
    this.felix.push(`--in-interface ${dev}`);
    return this;
  }
  outIface(dev: string): this {
    this.match = { ...this.match, outIface: dev };
    this.felix.push(`--out-interface ${dev}`);
    return this;
  }
  /** `-p tcp` (a named protocol) or `-p 17` (Felix's ProtocolNum, as in its static rules) */
  proto(p: IpProto, num?: number): this {
    this.match = { ...this.match, proto: p };
    this.felix.push(`-p ${num ?? p}`);
    return this;
  }
  src(c: Cidr, negate = false): this {
    this.match = negate ? { ...this.match, notSrc: c } : { ...this.match, src: c };
    this.felix.push(`${negate ? '! ' : ''}--source ${c.net}/${c.prefix}`);
    return this;
  }
  dst(c: Cidr, negate = false): this {
    this.match = negate ? { ...this.match, notDst: c } : { ...this.match, dst: c };
    this.felix.push(`${negate ? '! ' : ''}--destination ${c.net}/${c.prefix}`);
    return this;
  }
  set(name: string, dirs: readonly ('src' | 'dst')[], invert = false): this {
    this.modules.push({ m: 'set', set: name, dirs, ...(invert ? { invert } : {}) });
    this.felix.push(`-m set ${invert ? '! ' : ''}--match-set ${name} ${dirs.join(',')}`);
    return this;
  }
  dports(ports: readonly number[]): this {
    this.modules.push({ m: 'multiport', dports: ports });
    this.felix.push(`-m multiport --destination-ports ${ports.join(',')}`);
    return this;
  }
  mark(value: number, mask: number): this {
    this.modules.push({ m: 'mark', value, mask });
    this.felix.push(`-m mark --mark ${hex(value)}/${hex(mask)}`);
    return this;
  }
  ctstate(states: readonly CtState[], invert = false): this {
    this.modules.push({ m: 'conntrack', ctstate: states, ...(invert ? { invert } : {}) });
    this.felix.push(`-m conntrack ${invert ? '! ' : ''}--ctstate ${states.join(',')}`);
    return this;
  }
  addrtype(which: 'src' | 'dst', invert = false, limitIfaceOut = false): this {
    this.modules.push({ m: 'addrtype', ...(which === 'src' ? { srcType: 'LOCAL' as const } : { dstType: 'LOCAL' as const }), ...(invert ? { invert } : {}) });
    this.felix.push(`-m addrtype ${invert ? '! ' : ''}--${which}-type LOCAL${limitIfaceOut ? ' --limit-iface-out' : ''}`);
    return this;
  }
  jump(chain: string): Built {
    return this.done({ kind: 'JUMP', chain }, `--jump ${chain}`);
  }
  goto(chain: string): Built {
    return this.done({ kind: 'JUMP', chain, goto: true }, `--goto ${chain}`);
  }
  accept(): Built {
    return this.done({ kind: 'ACCEPT' }, '--jump ACCEPT');
  }
  drop(): Built {
    return this.done({ kind: 'DROP' }, '--jump DROP');
  }
  ret(): Built {
    return this.done({ kind: 'RETURN' }, '--jump RETURN');
  }
  setMark(value: number, mask: number): Built {
    return this.done({ kind: 'MARK', value, mask }, `--jump MARK --set-mark ${hex(value)}/${hex(mask)}`);
  }
  masquerade(): Built {
    return this.done({ kind: 'MASQUERADE', randomFully: true }, '--jump MASQUERADE --random-fully');
  }
  /** Felix's Log action: the lab has no LOG target, so the rule matches and does nothing (simplified) */
  log(): Built {
    return { match: this.built(), felix: [...this.render(), '--jump LOG --log-prefix calico-packet --log-level 5'].join(' ') };
  }
  /** a comment-only rule (a policy with no rules, a profile without any): matches everything, does nothing */
  nothing(): Built {
    return { match: this.built(), felix: this.render().join(' ') };
  }
  /** Felix renders the rule's comments first, then the matches in builder order (renderer.go renderInner) */
  private render(): string[] {
    return [...this.comments.map((c) => `-m comment --comment "${c.replace(/[^-a-zA-Z0-9 _./:,=*+]/g, '_').slice(0, 256)}"`), ...this.felix];
  }
  private built(): RuleMatch {
    return this.modules.length ? { ...this.match, modules: this.modules } : this.match;
  }
  private done(t: RuleTarget, felix: string): Built {
    this.action = t;
    return { match: this.built(), target: this.action, felix: [...this.render(), felix].join(' ') };
  }
}

export interface Built {
  readonly match: RuleMatch;
  /** undefined: a comment-only rule (no target: iptables counts it and goes on) */
  readonly target?: RuleTarget;
  readonly felix: string;
}

export const fx = (): FelixRule => new FelixRule();

/** A comment-only rule (no `-j`): it matches, is counted, and the chain goes on (model/datapath.ts RETURN `bare`). */
export const NOOP: RuleTarget = { kind: 'RETURN', bare: true };

/** The chain with Felix's `cali:<hash>` first comment on every rule. */
export function felixChain(name: string, rules: readonly Built[], policy?: 'ACCEPT' | 'DROP'): Chain {
  const hashes = felixRuleHashes(
    name,
    rules.map((r) => r.felix),
  );
  const out: Rule[] = rules.map((r, i) => ({
    match: { ...r.match, modules: [{ m: 'comment', comment: `cali:${hashes[i]}` }, ...(r.match.modules ?? [])] },
    target: r.target ?? NOOP,
  }));
  return { name, ...(policy ? { policy } : {}), rules: out };
}
