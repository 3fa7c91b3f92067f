/**
 * `conntrack -L | -C | -D | -F` on a node (conntrack-tools 1.4.7, src/conntrack.c), from
 * the kernel state: lab.kernel.conntrack[node], entries not yet expired at lab.kernel.now
 * (the kernel's GC would have reaped the others).
 *
 * -L prints one line per entry (tables/conntrack.ts formatConntrack, libnetfilter_conntrack's
 * default format) and then, on stderr, `conntrack v1.4.7 (conntrack-tools): N flow entries
 * have been shown.` (print_stats); the terminal shows both, the trailer last. An empty list
 * still exits 0. Filters (nfct_filter / filter_nat): -p PROTO, -s/-d ADDR[/MASK] (original
 * source/destination), -r/-q ADDR (reply source/destination), after -p tcp|udp
 * --sport/--dport/--reply-port-src/--reply-port-dst and (tcp) --state, -n/-g/-j [ADDR]
 * (entries with a source / destination / any NAT binding, to ADDR if given).
 * -D prints the entries it deletes and "N flow entries have been deleted." (exit 1 when none);
 * -F empties the table; both return the next Lab. -C prints the number of entries.
 * Order: the lab lists entries as they were confirmed; the kernel dumps its hash table in
 * bucket order, which is not reproduced (UNVERIFIED beyond "not sorted").
 * Not modelled: -E, -G, -I, -U, -S, expectations, -o formats, -m/--mark, -f ipv6.
 */
import type { ConntrackEntry, TcpCtState } from '../model/kernel-state';
import { formatConntrack } from '../tables/conntrack';
import { cidrContains, isIpv4, parseCidr } from '../wire/ipv4';
import { type CommandResult, done, nodeOnly, notModelled, type Shell } from './context';

const PROGNAME = 'conntrack v1.4.7 (conntrack-tools)';
const TRY_HELP = "Try `conntrack -h' or 'conntrack --help' for more information.";
/** the protocol trackers conntrack-tools ships (extensions/libct_proto_*.c); any other name or number is accepted too */
const PROTO_NUMBERS: Readonly<Record<string, number>> = { tcp: 6, udp: 17, udplite: 136, icmp: 1, icmpv6: 58, sctp: 132, dccp: 33, gre: 47 };
const ENTRY_PROTO: Readonly<Record<ConntrackEntry['proto'], number>> = { tcp: 6, udp: 17, icmp: 1 };
const TCP_STATES: readonly TcpCtState[] = ['SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE'];

type Command = 'L' | 'C' | 'D' | 'F';

interface Filter {
  proto?: number;
  origSrc?: string;
  origDst?: string;
  replySrc?: string;
  replyDst?: string;
  sport?: number;
  dport?: number;
  replySport?: number;
  replyDport?: number;
  state?: TcpCtState;
  /** --src-nat / --dst-nat / --any-nat, with the NAT address when given */
  snat?: string | true;
  dnat?: string | true;
  anyNat?: string | true;
}

type Parsed = { ok: true; cmd: Command; filter: Filter } | { ok: false; result: (shell: Shell) => CommandResult };

const paramProblem = (msg: string) => (shell: Shell) => done(shell, `${PROGNAME}: ${msg}\n${TRY_HELP}`, 2);

const COMMANDS: Readonly<Record<string, Command>> = {
  '-L': 'L',
  '--dump': 'L',
  '-C': 'C',
  '--count': 'C',
  '-D': 'D',
  '--delete': 'D',
  '-F': 'F',
  '--flush': 'F',
};
const ADDR_OPTS: Readonly<Record<string, 'origSrc' | 'origDst' | 'replySrc' | 'replyDst'>> = {
  '-s': 'origSrc',
  '--orig-src': 'origSrc',
  '--src': 'origSrc',
  '-d': 'origDst',
  '--orig-dst': 'origDst',
  '--dst': 'origDst',
  '-r': 'replySrc',
  '--reply-src': 'replySrc',
  '-q': 'replyDst',
  '--reply-dst': 'replyDst',
};
const PORT_OPTS: Readonly<Record<string, 'sport' | 'dport' | 'replySport' | 'replyDport'>> = {
  '--sport': 'sport',
  '--orig-port-src': 'sport',
  '--dport': 'dport',
  '--orig-port-dst': 'dport',
  '--reply-port-src': 'replySport',
  '--reply-port-dst': 'replyDport',
};
const NAT_OPTS: Readonly<Record<string, 'snat' | 'dnat' | 'anyNat'>> = {
  '-n': 'snat',
  '--src-nat': 'snat',
  '-g': 'dnat',
  '--dst-nat': 'dnat',
  '-j': 'anyNat',
  '--any-nat': 'anyNat',
};

/** conntrack.c optflags[] */
const OPT_NAMES: Readonly<Record<string, string>> = {
  origSrc: 'src',
  origDst: 'dst',
  replySrc: 'reply-src',
  replyDst: 'reply-dst',
  snat: 'src-nat',
  dnat: 'dst-nat',
  anyNat: 'any-nat',
};

export function parseConntrack(argv: readonly string[]): Parsed {
  let cmd: Command | undefined;
  const f: Filter = {};
  /** the long names of the options given, as generic_opt_check names them */
  const given: string[] = [];
  // an optional argument is the next word unless it starts with - or ! (conntrack.c get_optional_arg)
  const optional = (i: number) => (argv[i + 1] !== undefined && !/^[-!]/.test(argv[i + 1]) ? argv[i + 1] : undefined);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const needArg = () => {
      const v = argv[i + 1];
      if (v === undefined) return undefined;
      i++;
      return v;
    };
    if (COMMANDS[a]) {
      if (cmd) return { ok: false, result: paramProblem('Invalid commands combination') };
      cmd = COMMANDS[a];
      const table = optional(i);
      if (table !== undefined) {
        i++;
        if (!'conntrack'.startsWith(table)) return { ok: false, result: (s) => notModelled(s, `conntrack ${a} ${table}`) };
      }
    } else if (ADDR_OPTS[a]) {
      const v = needArg();
      if (v === undefined) return { ok: false, result: paramProblem(`option \`${a}' requires an argument`) };
      const [ip, mask] = v.split('/');
      if (!isIpv4(ip) || (mask !== undefined && !(/^\d{1,2}$/.test(mask) && Number(mask) <= 32)))
        return { ok: false, result: paramProblem(`Invalid IP address \`${v}'.`) };
      const key = ADDR_OPTS[a];
      if (mask !== undefined && (key === 'replySrc' || key === 'replyDst'))
        return { ok: false, result: paramProblem(`CIDR notation unavailable for \`--${key === 'replySrc' ? 'reply-src' : 'reply-dst'}'`) };
      f[key] = v;
      given.push(OPT_NAMES[key]);
    } else if (a === '-p' || a === '--protonum') {
      const v = needArg();
      if (v === undefined) return { ok: false, result: paramProblem(`option \`${a}' requires an argument`) };
      const n = PROTO_NUMBERS[v.toLowerCase()] ?? (/^\d+$/.test(v) && Number(v) <= 255 ? Number(v) : undefined);
      if (n === undefined) return { ok: false, result: paramProblem(`\`${v}' unsupported protocol`) };
      f.proto = n;
      given.push('protonum');
    } else if (PORT_OPTS[a] || a === '--state') {
      // the port options belong to the tcp/udp extension, merged in only by -p (merge_options)
      if (f.proto !== 6 && f.proto !== 17) return { ok: false, result: paramProblem(`unknown option \`${a}'`) };
      const v = needArg();
      if (v === undefined) return { ok: false, result: paramProblem(`option \`${a}' requires an argument`) };
      if (a === '--state') {
        if (f.proto !== 6) return { ok: false, result: paramProblem(`unknown option \`${a}'`) };
        if (!TCP_STATES.includes(v.toUpperCase() as TcpCtState)) return { ok: false, result: paramProblem('parse error') };
        f.state = v.toUpperCase() as TcpCtState;
      } else {
        if (!/^\d+$/.test(v) || Number(v) > 65535) return { ok: false, result: paramProblem('parse error') };
        f[PORT_OPTS[a]] = Number(v);
      }
    } else if (NAT_OPTS[a]) {
      const v = optional(i);
      if (v !== undefined) {
        i++;
        if (!isIpv4(v.split(':')[0])) return { ok: false, result: paramProblem(`Invalid IP address \`${v}'.`) };
      }
      f[NAT_OPTS[a]] = v === undefined ? true : v.split(':')[0];
      given.push(OPT_NAMES[NAT_OPTS[a]]);
    } else if (a === '-f' || a === '--family') {
      const v = needArg();
      if (v !== 'ipv4') return { ok: false, result: (s) => notModelled(s, `conntrack -f ${v ?? ''}`.trim()) };
    } else if (a.startsWith('-')) {
      return { ok: false, result: (s) => notModelled(s, `conntrack ${a}`) };
    } else {
      return { ok: false, result: paramProblem('too many arguments') };
    }
  }
  if (f.anyNat !== undefined && (f.snat !== undefined || f.dnat !== undefined))
    return { ok: false, result: paramProblem("cannot specify `--src-nat' or `--dst-nat' with `--any-nat'") };
  if (!cmd) return { ok: false, result: (s) => notModelled(s, 'conntrack without -L, -C, -D or -F (it prints its usage)') };
  // commands_v_options: -C and -F take none of these
  if ((cmd === 'C' || cmd === 'F') && given.length) return { ok: false, result: paramProblem(`Illegal option \`--${given[0]}' with this command`) };
  return { ok: true, cmd, filter: f };
}

function addrMatches(spec: string | undefined, ip: string): boolean {
  if (spec === undefined) return true;
  return spec.includes('/') ? cidrContains(parseCidr(spec), ip) : spec === ip;
}

/** filter_nat: a binding of that kind, and (when an address is given) the reply tuple's side it rewrote. */
function natMatches(f: Filter, e: ConntrackEntry): boolean {
  const snat = (want: string | true) => e.srcNat && (want === true || e.reply.dst === want);
  const dnat = (want: string | true) => e.dstNat && (want === true || e.reply.src === want);
  if (f.anyNat !== undefined) return snat(f.anyNat) || dnat(f.anyNat);
  return (f.snat === undefined || snat(f.snat)) && (f.dnat === undefined || dnat(f.dnat));
}

export function entryMatches(f: Filter, e: ConntrackEntry): boolean {
  if (f.proto !== undefined && ENTRY_PROTO[e.proto] !== f.proto) return false;
  if (!addrMatches(f.origSrc, e.orig.src) || !addrMatches(f.origDst, e.orig.dst)) return false;
  if (!addrMatches(f.replySrc, e.reply.src) || !addrMatches(f.replyDst, e.reply.dst)) return false;
  if (f.sport !== undefined && e.orig.sport !== f.sport) return false;
  if (f.dport !== undefined && e.orig.dport !== f.dport) return false;
  if (f.replySport !== undefined && e.reply.sport !== f.replySport) return false;
  if (f.replyDport !== undefined && e.reply.dport !== f.replyDport) return false;
  if (f.state !== undefined && e.tcpState !== f.state) return false;
  return natMatches(f, e);
}

export function conntrackCommand(shell: Shell, argv: readonly string[]): CommandResult {
  if (shell.netns.kind !== 'node') return nodeOnly(shell, 'conntrack');
  const p = parseConntrack(argv);
  if (!p.ok) return p.result(shell);
  const lab = shell.lab;
  const now = lab.kernel.now;
  const id = shell.netns.id;
  const live = (lab.kernel.conntrack[id] ?? []).filter((e) => e.expires > now);
  if (p.cmd === 'C') return done(shell, String(live.length));
  const withTable = (entries: readonly ConntrackEntry[]) => ({ ...lab, kernel: { ...lab.kernel, conntrack: { ...lab.kernel.conntrack, [id]: entries } } });
  if (p.cmd === 'F') return { ...done(shell, `${PROGNAME}: connection tracking table has been emptied.`), lab: withTable([]) };
  const hit = live.filter((e) => entryMatches(p.filter, e));
  const lines = hit.map((e) => formatConntrack(e, now));
  if (p.cmd === 'L') return done(shell, [...lines, `${PROGNAME}: ${hit.length} flow entries have been shown.`]);
  const gone = new Set(hit.map((e) => e.id));
  const result = done(shell, [...lines, `${PROGNAME}: ${hit.length} flow entries have been deleted.`], hit.length ? 0 : 1);
  return { ...result, lab: withTable(live.filter((e) => !gone.has(e.id))) };
}
