/**
 * iptables rules as text, both ways: `formatRule` prints a rule the way `iptables-save`
 * does; iptables-parse.ts reads the arguments of `iptables -A|-I …` / an iptables-restore line
 *. format(parse(x)) = x for everything iptables-save prints.
 *
 * Save order (iptables iptables/nft-ipv4.c save_ipv4 + xtables save_matches): core fields
 * `-s -d -i -o -p` (each `! ` inverted), then every `-m` match in the order it was given,
 * then `-j TARGET` and the target's options. Module save forms follow the libxt_*.c save
 * hooks: comment (libxt_comment: always quoted), tcp/udp (`--sport`/`--dport`), mark
 * (`[!] --mark v/m`), conntrack (`[!] --ctstate` in INVALID,NEW,RELATED,ESTABLISHED,
 * UNTRACKED,SNAT,DNAT order), addrtype, statistic (`%.11f` of the stored 31-bit value),
 * recent, set, physdev; targets MARK (`--set-xmark v/m`: --or-mark/--xor-mark are stored as
 * that), DNAT, SNAT, MASQUERADE, REJECT.
 *
 * This file may import only model/ and wire/ (the walk prints its decided rows with it).
 */
import type { CtState, MatchModule, Rule, RuleMatch, RuleTarget } from '../model/datapath';
import type { Cidr } from '../wire/ipv4';

const PROB_SCALE = 0x80000000;

/** What the kernel stores for `--probability p` (libxt_statistic parse: lround(0x80000000 * p)). */
export function probabilityValue(p: number): number {
  return Math.round(PROB_SCALE * p);
}

/** `--probability` as iptables-save prints it (libxt_statistic: "%.11f" of value / 2^31). */
export function formatProbability(value: number): string {
  return (value / PROB_SCALE).toFixed(11);
}

export function hex(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}

/**
 * xtables_save_string: a value made only of [A-Za-z0-9_-] is printed bare; anything else is
 * wrapped in double quotes with `"`, `\\` and `'` escaped (`default/demo` → `"default/demo"`).
 */
export function quoteComment(s: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(s)) return s;
  return `"${s.replace(/["\\']/g, (m) => `\\${m}`)}"`;
}

export const CT_ORDER: readonly CtState[] = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'];

export function ctStateList(states: readonly CtState[]): string {
  return CT_ORDER.filter((s) => states.includes(s)).join(',');
}

function cidr(c: Cidr): string {
  return `${c.net}/${c.prefix}`;
}

function not(invert: boolean | undefined): string[] {
  return invert ? ['!'] : [];
}

/** One module in save form: `-m comment --comment "…"`. */
export function icmpTypeText(mod: { readonly icmpType: number; readonly code?: number }): string {
  return mod.icmpType === 255 ? 'any' : `${mod.icmpType}${mod.code !== undefined ? `/${mod.code}` : ''}`;
}

export function formatModule(mod: MatchModule): string[] {
  switch (mod.m) {
    case 'comment':
      return ['-m', 'comment', '--comment', quoteComment(mod.comment)];
    case 'tcp':
    case 'udp':
      return [
        '-m',
        mod.m,
        ...(mod.sport !== undefined ? ['--sport', String(mod.sport)] : []),
        ...(mod.dport !== undefined ? ['--dport', String(mod.dport)] : []),
      ];
    case 'multiport':
      return ['-m', 'multiport', '--dports', mod.dports.join(',')];
    case 'icmp':
      // libxt_icmp icmp_save: `any`, the type, and `/code` when one code was given
      return ['-m', 'icmp', '--icmp-type', icmpTypeText(mod)];
    case 'mark':
      return ['-m', 'mark', ...not(mod.invert), '--mark', mod.mask === 0xffffffff ? hex(mod.value) : `${hex(mod.value)}/${hex(mod.mask)}`];
    case 'conntrack':
      return ['-m', 'conntrack', ...not(mod.invert), '--ctstate', ctStateList(mod.ctstate)];
    case 'addrtype':
      return [
        '-m',
        'addrtype',
        ...(mod.srcType ? [...not(mod.invert), '--src-type', mod.srcType] : []),
        ...(mod.dstType ? [...not(mod.invert), '--dst-type', mod.dstType] : []),
      ];
    case 'statistic':
      return ['-m', 'statistic', '--mode', 'random', '--probability', formatProbability(mod.probability)];
    case 'recent':
      return [
        '-m',
        'recent',
        mod.op === 'set' ? '--set' : '--rcheck',
        ...(mod.seconds !== undefined ? ['--seconds', String(mod.seconds)] : []),
        ...(mod.reap ? ['--reap'] : []),
        '--name',
        mod.name,
        '--mask',
        mod.mask,
        mod.side === 'source' ? '--rsource' : '--rdest',
      ];
    case 'set':
      return ['-m', 'set', ...not(mod.invert), '--match-set', mod.set, mod.dirs.join(',')];
    case 'physdev':
      // libxt_physdev physdev_save: --physdev-is-in before --physdev-is-bridged
      return ['-m', 'physdev', ...(mod.isIn !== undefined ? [...not(!mod.isIn), '--physdev-is-in'] : []), ...(mod.isBridged ? ['--physdev-is-bridged'] : [])];
  }
}

/** The match part of a rule in iptables-save order: addresses, interfaces, protocol, then -m matches. */
export function formatMatch(m: RuleMatch): string[] {
  const out: string[] = [];
  if (m.src) out.push('-s', cidr(m.src));
  if (m.notSrc) out.push('!', '-s', cidr(m.notSrc));
  if (m.dst) out.push('-d', cidr(m.dst));
  if (m.notDst) out.push('!', '-d', cidr(m.notDst));
  if (m.inIface) out.push('-i', m.inIface);
  if (m.notInIface) out.push('!', '-i', m.notInIface);
  if (m.outIface) out.push('-o', m.outIface);
  if (m.notOutIface) out.push('!', '-o', m.notOutIface);
  if (m.proto) out.push('-p', m.proto);
  if (m.notProto) out.push('!', '-p', m.notProto);
  for (const mod of m.modules ?? []) out.push(...formatModule(mod));
  return out;
}

/** `-j DNAT --to-destination 10.244.1.5:8080` and friends (libxt_*.c save hooks). */
export function formatTarget(t: RuleTarget): string[] {
  switch (t.kind) {
    case 'ACCEPT':
    case 'DROP':
      return ['-j', t.kind];
    case 'RETURN':
      return t.bare ? [] : ['-j', t.kind];
    case 'MASQUERADE':
      return t.randomFully ? ['-j', 'MASQUERADE', '--random-fully'] : ['-j', 'MASQUERADE'];
    case 'REJECT':
      return ['-j', 'REJECT', '--reject-with', t.with];
    case 'JUMP':
      return [t.goto ? '-g' : '-j', t.chain];
    case 'SNAT':
      return ['-j', 'SNAT', '--to-source', t.to, ...(t.randomFully ? ['--random-fully'] : [])];
    case 'DNAT':
      return ['-j', 'DNAT', '--to-destination', t.port !== undefined ? `${t.to}:${t.port}` : t.to];
    case 'MARK':
      return ['-j', 'MARK', '--set-xmark', `${hex(t.value)}/${hex(t.mask)}`];
  }
}

/** `-A KUBE-SERVICES -d 10.96.45.12/32 -p tcp -m comment --comment "prod/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-…` */
export function formatRule(chain: string, rule: Rule): string {
  return ['-A', chain, ...formatMatch(rule.match), ...formatTarget(rule.target)].join(' ');
}

function valMask(value: number, mask: number): string {
  return mask === 0xffffffff ? hex(value) : `${hex(value)}/${hex(mask)}`;
}

/** One module as `iptables -L` prints it, with its leading space (libxt_*.c print hooks). */
export function listModule(mod: MatchModule): string {
  const inv = (yes: boolean | undefined) => (yes ? ' !' : '');
  switch (mod.m) {
    case 'comment':
      return ` /* ${mod.comment} */`;
    case 'tcp':
    case 'udp':
      return ` ${mod.m}${mod.sport !== undefined ? ` spt:${mod.sport}` : ''}${mod.dport !== undefined ? ` dpt:${mod.dport}` : ''}`;
    case 'multiport':
      return ` multiport dports ${mod.dports.join(',')}`;
    case 'icmp':
      // libxt_icmp print_icmptype, numeric form: " icmp" + "type T" [+ " code C"]
      return ` icmptype ${mod.icmpType}${mod.code !== undefined ? ` code ${mod.code}` : ''}`;
    case 'mark':
      return ` mark match${inv(mod.invert)} ${valMask(mod.value, mod.mask)}`;
    case 'conntrack':
      return `${inv(mod.invert)} ctstate ${ctStateList(mod.ctstate)}`;
    case 'addrtype':
      return ` ADDRTYPE match${mod.srcType ? ` src-type ${mod.invert ? '!' : ''}${mod.srcType}` : ''}${mod.dstType ? ` dst-type ${mod.invert ? '!' : ''}${mod.dstType}` : ''}`;
    case 'statistic':
      return ` statistic mode random probability ${formatProbability(mod.probability)}`;
    case 'recent':
      return ` recent: ${mod.op === 'set' ? 'SET' : 'CHECK'}${mod.seconds !== undefined ? ` seconds: ${mod.seconds}` : ''}${mod.reap ? ' reap' : ''} name: ${mod.name} side: ${mod.side} mask: ${mod.mask}`;
    case 'set':
      return `${inv(mod.invert)} match-set ${mod.set} ${mod.dirs.join(',')}`;
    case 'physdev':
      return ` PHYSDEV match${mod.isIn !== undefined ? `${mod.isIn ? '' : ' !'} --physdev-is-in` : ''}${mod.isBridged ? ' --physdev-is-bridged' : ''}`;
  }
}

/** A target's options as `iptables -L` prints them (libxt_*.c print hooks), with the leading space. */
export function listTarget(t: RuleTarget): string {
  switch (t.kind) {
    case 'REJECT':
      return ` reject-with ${t.with}`;
    case 'DNAT':
      return ` to:${t.to}${t.port !== undefined ? `:${t.port}` : ''}`;
    case 'SNAT':
      return ` to:${t.to}${t.randomFully ? ' random-fully' : ''}`;
    case 'MASQUERADE':
      return t.randomFully ? ' random-fully' : '';
    case 'MARK':
      if (t.value === t.mask) return ` MARK or ${hex(t.value)}`;
      if (t.mask === 0) return ` MARK xor ${hex(t.value)}`;
      if (t.mask === 0xffffffff) return ` MARK set ${hex(t.value)}`;
      if (t.value === 0) return ` MARK and ${hex(~t.mask >>> 0)}`;
      return ` MARK xset ${hex(t.value)}/${hex(t.mask)}`;
    default:
      return '';
  }
}

/** The name `iptables -L` prints in the target column. */
export function targetName(t: RuleTarget): string {
  return t.kind === 'JUMP' ? t.chain : t.kind;
}

// ---------------------------------------------------------------------------------------
// Parsing
