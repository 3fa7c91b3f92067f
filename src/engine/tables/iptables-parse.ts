/**
 * Reading an iptables rule: the arguments of `iptables -A|-I …` or an iptables-restore line,
 * into the Rule that iptables-rule.ts prints back (format(parse(x)) = x for everything
 * iptables-save prints). Errors use iptables' own wording where it has one.
 *
 * This file may import only model/ and wire/.
 */
import type { CtState, MatchModule, Rule, RuleMatch, RuleTarget } from '../model/datapath';
import { CT_ORDER, probabilityValue } from './iptables-rule';
import { isCidr, isIpv4, parseCidr, type Cidr } from '../wire/ipv4';
import type { IpProto } from '../wire/headers';

export type ParsedRule = { readonly ok: true; readonly rule: Rule } | { readonly ok: false; readonly error: string };

const PROTOS: readonly IpProto[] = ['tcp', 'udp', 'icmp'];
const REJECT_WITH = ['icmp-port-unreachable', 'icmp-net-unreachable', 'icmp-host-unreachable', 'icmp-admin-prohibited', 'tcp-reset'] as const;

function parseNumber(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = /^0x[0-9a-f]+$/i.test(s) ? parseInt(s, 16) : /^\d+$/.test(s) ? Number(s) : NaN;
  return Number.isFinite(n) ? n >>> 0 : undefined;
}

/** libxt_icmp's names (icmp_codes[]): a name, or `TYPE[/CODE]` as iptables-save prints it. */
const ICMP_NAMES: Readonly<Record<string, { icmpType: number; code?: number }>> = {
  any: { icmpType: 255 },
  'echo-reply': { icmpType: 0 },
  'destination-unreachable': { icmpType: 3 },
  'network-unreachable': { icmpType: 3, code: 0 },
  'host-unreachable': { icmpType: 3, code: 1 },
  'protocol-unreachable': { icmpType: 3, code: 2 },
  'port-unreachable': { icmpType: 3, code: 3 },
  'fragmentation-needed': { icmpType: 3, code: 4 },
  'communication-prohibited': { icmpType: 3, code: 13 },
  'echo-request': { icmpType: 8 },
  'time-exceeded': { icmpType: 11 },
  'ttl-exceeded': { icmpType: 11 },
  'ttl-zero-during-transit': { icmpType: 11, code: 0 },
};

export function parseIcmpType(s: string | undefined): { icmpType: number; code?: number } | undefined {
  if (s === undefined) return undefined;
  const named = ICMP_NAMES[s.toLowerCase()];
  if (named) return named;
  const m = /^(\d{1,3})(?:\/(\d{1,3}))?$/.exec(s);
  if (!m || Number(m[1]) > 255 || (m[2] !== undefined && Number(m[2]) > 255)) return undefined;
  return { icmpType: Number(m[1]), ...(m[2] !== undefined ? { code: Number(m[2]) } : {}) };
}

function parseValueMask(s: string | undefined): { value: number; mask: number } | undefined {
  if (!s) return undefined;
  const [v, m] = s.split('/');
  const value = parseNumber(v);
  const mask = m === undefined ? 0xffffffff : parseNumber(m);
  return value === undefined || mask === undefined ? undefined : { value, mask };
}

function parsePort(s: string | undefined): number | undefined {
  const n = s !== undefined && /^\d{1,5}$/.test(s) ? Number(s) : NaN;
  return n >= 0 && n <= 65535 ? n : undefined;
}

function parseAddr(s: string | undefined): Cidr | undefined {
  if (!s) return undefined;
  if (isIpv4(s)) return parseCidr(`${s}/32`);
  return isCidr(s) ? parseCidr(s) : undefined;
}

/**
 * Reads one rule from iptables arguments: `-A|-I CHAIN …` is not part of it (the caller
 * takes the command); everything else is. Errors use iptables' own wording where it has one.
 */
export function parseRuleArgs(args: readonly string[]): ParsedRule {
  const m: { -readonly [K in keyof RuleMatch]: RuleMatch[K] } = {};
  const modules: MatchModule[] = [];
  let target: RuleTarget | undefined;
  let i = 0;
  let invert = false;
  const fail = (error: string): ParsedRule => ({ ok: false, error });
  const next = () => args[++i];
  // an implicit `-p tcp --dport 80` (no `-m tcp`) loads the protocol's match, as iptables does
  const protoModule = (): Extract<MatchModule, { m: 'tcp' | 'udp' }> | undefined => {
    const last = modules[modules.length - 1];
    if (last && (last.m === 'tcp' || last.m === 'udp')) return last;
    if (m.proto !== 'tcp' && m.proto !== 'udp') return undefined;
    const mod = { m: m.proto } as Extract<MatchModule, { m: 'tcp' | 'udp' }>;
    modules.push(mod);
    return mod;
  };
  const current = () => modules[modules.length - 1];
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '!') {
      invert = true;
      continue;
    }
    const inv = invert;
    invert = false;
    switch (a) {
      case '-s':
      case '--source':
      case '-d':
      case '--destination': {
        const c = parseAddr(next());
        if (!c) return fail(`host/network \`${args[i] ?? ''}' not found`);
        const key = a.startsWith('-s') || a === '--source' ? (inv ? 'notSrc' : 'src') : inv ? 'notDst' : 'dst';
        m[key] = c;
        break;
      }
      case '-i':
      case '--in-interface':
        if (!args[i + 1]) return fail('option "-i" requires an argument');
        m[inv ? 'notInIface' : 'inIface'] = next();
        break;
      case '-o':
      case '--out-interface':
        if (!args[i + 1]) return fail('option "-o" requires an argument');
        m[inv ? 'notOutIface' : 'outIface'] = next();
        break;
      case '-p':
      case '--protocol': {
        const p = next() as IpProto;
        if (!PROTOS.includes(p)) return fail(`unknown protocol "${args[i] ?? ''}" specified`);
        m[inv ? 'notProto' : 'proto'] = p;
        break;
      }
      case '-m':
      case '--match': {
        const name = next();
        const mod = newModule(name);
        if (!mod) return fail(`Couldn't load match \`${name ?? ''}':No such file or directory`);
        modules.push(mod);
        break;
      }
      case '--comment': {
        const c = current();
        if (c?.m !== 'comment') return fail('unknown option "--comment"');
        modules[modules.length - 1] = { m: 'comment', comment: next() ?? '' };
        break;
      }
      case '--dport':
      case '--sport':
      case '--destination-port':
      case '--source-port': {
        const mod = protoModule();
        const port = parsePort(next());
        if (!mod) return fail(`unknown option "${a}"`);
        if (port === undefined) return fail(`invalid port/service \`${args[i] ?? ''}' specified`);
        const key = a === '--dport' || a === '--destination-port' ? 'dport' : 'sport';
        modules[modules.indexOf(mod)] = { ...mod, [key]: port };
        break;
      }
      case '--dports': {
        const c = current();
        if (c?.m !== 'multiport') return fail('unknown option "--dports"');
        modules[modules.length - 1] = { m: 'multiport', dports: (next() ?? '').split(',').map(Number) };
        break;
      }
      case '--icmp-type': {
        const c = current();
        if (c?.m !== 'icmp') return fail('unknown option "--icmp-type"');
        const v = next();
        const t = parseIcmpType(v);
        if (!t) return fail(`Invalid ICMP type \`${v ?? ''}'`);
        modules[modules.length - 1] = { m: 'icmp', ...t };
        break;
      }
      case '--mark': {
        const vm = parseValueMask(next());
        if (current()?.m !== 'mark') return fail('unknown option "--mark"');
        if (!vm) return fail(`Bad mark value "${args[i] ?? ''}"`);
        modules[modules.length - 1] = { m: 'mark', ...vm, ...(inv ? { invert: true } : {}) };
        break;
      }
      case '--ctstate': {
        const states = (next() ?? '').split(',') as CtState[];
        if (current()?.m !== 'conntrack') return fail('unknown option "--ctstate"');
        if (states.some((s) => !CT_ORDER.includes(s))) return fail(`Bad ctstate "${args[i] ?? ''}"`);
        modules[modules.length - 1] = { m: 'conntrack', ctstate: states, ...(inv ? { invert: true } : {}) };
        break;
      }
      case '--dst-type':
      case '--src-type': {
        const c = current();
        const t = next();
        if (c?.m !== 'addrtype') return fail(`unknown option "${a}"`);
        if (t !== 'LOCAL') return fail(`addrtype: the lab models only LOCAL, not "${t ?? ''}"`);
        modules[modules.length - 1] = { ...c, [a === '--dst-type' ? 'dstType' : 'srcType']: 'LOCAL', ...(inv ? { invert: true } : {}) };
        break;
      }
      case '--mode':
        if (current()?.m !== 'statistic') return fail('unknown option "--mode"');
        if (next() !== 'random') return fail('statistic: the lab models only --mode random');
        break;
      case '--probability': {
        const p = Number(next());
        if (current()?.m !== 'statistic' || !(p >= 0 && p <= 1)) return fail('option "--probability" must be between 0 and 1');
        modules[modules.length - 1] = { m: 'statistic', probability: probabilityValue(p) };
        break;
      }
      case '--set':
      case '--rcheck':
      case '--reap':
      case '--rsource':
      case '--rdest':
      case '--seconds':
      case '--name':
      case '--mask': {
        const c = current();
        if (c?.m !== 'recent') return fail(`unknown option "${a}"`);
        const patch: Partial<Extract<MatchModule, { m: 'recent' }>> =
          a === '--set' || a === '--rcheck'
            ? { op: a === '--set' ? 'set' : 'rcheck' }
            : a === '--reap'
              ? { reap: true }
              : a === '--rsource' || a === '--rdest'
                ? { side: a === '--rsource' ? 'source' : 'dest' }
                : a === '--seconds'
                  ? { seconds: parseNumber(next()) }
                  : a === '--name'
                    ? { name: next() }
                    : { mask: next() };
        modules[modules.length - 1] = { ...c, ...patch };
        break;
      }
      case '--match-set': {
        const name = next();
        const dirs = (next() ?? '').split(',') as ('src' | 'dst')[];
        if (current()?.m !== 'set' || !name || dirs.some((d) => d !== 'src' && d !== 'dst')) return fail('--match-set requires a set name and src/dst flags');
        modules[modules.length - 1] = { m: 'set', set: name, dirs, ...(inv ? { invert: true } : {}) };
        break;
      }
      case '--physdev-is-bridged':
        if (current()?.m !== 'physdev') return fail('unknown option "--physdev-is-bridged"');
        modules[modules.length - 1] = { ...(current() as Extract<MatchModule, { m: 'physdev' }>), isBridged: true };
        break;
      case '--physdev-is-in':
        if (current()?.m !== 'physdev') return fail('unknown option "--physdev-is-in"');
        modules[modules.length - 1] = { ...(current() as Extract<MatchModule, { m: 'physdev' }>), isIn: !inv };
        break;
      case '-j':
      case '--jump': {
        const t = parseTarget(args, i + 1);
        if ('error' in t) return fail(t.error);
        target = t.target;
        i = t.end - 1;
        break;
      }
      case '-g':
      case '--goto': {
        const chain = next();
        if (!chain) return fail('option "-g" requires an argument');
        target = { kind: 'JUMP', chain, goto: true };
        break;
      }
      default:
        return fail(`unknown option "${a}"`);
    }
  }
  if (!target) return fail('the rule has no target (-j); the lab needs one');
  return { ok: true, rule: { match: { ...m, ...(modules.length ? { modules } : {}) }, target } };
}

function newModule(name: string | undefined): MatchModule | undefined {
  switch (name) {
    case 'comment':
      return { m: 'comment', comment: '' };
    case 'tcp':
    case 'udp':
      return { m: name };
    case 'multiport':
      return { m: 'multiport', dports: [] };
    case 'icmp':
      return { m: 'icmp', icmpType: 8 };
    case 'mark':
      return { m: 'mark', value: 0, mask: 0xffffffff };
    case 'conntrack':
      return { m: 'conntrack', ctstate: [] };
    case 'addrtype':
      return { m: 'addrtype' };
    case 'statistic':
      return { m: 'statistic', probability: 0 };
    case 'recent':
      return { m: 'recent', name: 'DEFAULT', op: 'set', mask: '255.255.255.255', side: 'source' };
    case 'set':
      return { m: 'set', set: '', dirs: [] };
    case 'physdev':
      return { m: 'physdev', isBridged: false };
    default:
      return undefined;
  }
}

function parseTarget(args: readonly string[], start: number): { target: RuleTarget; end: number } | { error: string } {
  const name = args[start];
  if (!name) return { error: 'option "-j" requires an argument' };
  let i = start + 1;
  const opt = (flag: string): string | undefined => {
    if (args[i] !== flag) return undefined;
    i += 2;
    return args[i - 1];
  };
  switch (name) {
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      return { target: { kind: name }, end: i };
    case 'REJECT': {
      const w = opt('--reject-with') ?? 'icmp-port-unreachable';
      if (!(REJECT_WITH as readonly string[]).includes(w)) return { error: `REJECT: unknown reject type "${w}"` };
      return { target: { kind: 'REJECT', with: w as (typeof REJECT_WITH)[number] }, end: i };
    }
    case 'MASQUERADE': {
      const rf = args[i] === '--random-fully';
      if (rf) i++;
      return { target: { kind: 'MASQUERADE', ...(rf ? { randomFully: true } : {}) }, end: i };
    }
    case 'SNAT': {
      const to = opt('--to-source');
      if (!to || !isIpv4(to)) return { error: 'SNAT: --to-source needs an IPv4 address' };
      const rf = args[i] === '--random-fully';
      if (rf) i++;
      return { target: { kind: 'SNAT', to, ...(rf ? { randomFully: true } : {}) }, end: i };
    }
    case 'DNAT': {
      const to = opt('--to-destination');
      const [ip, port] = (to ?? '').split(':');
      if (!isIpv4(ip) || (port !== undefined && parsePort(port) === undefined)) return { error: 'DNAT: --to-destination needs IP[:PORT]' };
      return { target: { kind: 'DNAT', to: ip, ...(port !== undefined ? { port: Number(port) } : {}) }, end: i };
    }
    case 'MARK': {
      const flag = args[i];
      const vm = parseValueMask(args[i + 1]);
      i += 2;
      if (!vm) return { error: 'MARK: needs --set-xmark, --set-mark, --or-mark or --xor-mark with a value' };
      // libxt_MARK stores every form as (mask, xor): --or-mark v = v/v, --xor-mark v = v/0, --set-mark v/m = v/m (set-xmark with ~0 mask when none)
      if (flag === '--or-mark') return { target: { kind: 'MARK', value: vm.value, mask: vm.value }, end: i };
      if (flag === '--xor-mark') return { target: { kind: 'MARK', value: vm.value, mask: 0 }, end: i };
      if (flag === '--set-xmark' || flag === '--set-mark') return { target: { kind: 'MARK', value: vm.value, mask: vm.mask }, end: i };
      return { error: `MARK: unknown option "${flag ?? ''}"` };
    }
    default:
      if (!/^[A-Za-z0-9_-]{1,28}$/.test(name)) return { error: `Couldn't load target \`${name}'` };
      return { target: { kind: 'JUMP', chain: name }, end: i };
  }
}
