/**
 * `dig [@SERVER] [-t TYPE] [-x ADDR] NAME [TYPE] [+short] [+search] [+noall] [+answer] …` as
 * bind9 9.18 prints it (bin/dig/dig.c printgreeting, printmessage, received, short_answer;
 * lib/dns/message.c sectiontotext, pseudosectiontotext; /work/notes/dns.md §4.1):
 *
 *   ; <<>> DiG 9.18.33-1~deb12u2-Debian <<>> web.prod.svc.cluster.local
 *   ;; global options: +cmd
 *   ;; Got answer:
 *   ;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 43171
 *   ;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1
 *   ;; WARNING: recursion requested but not available
 *   … OPT PSEUDOSECTION, QUESTION / ANSWER / AUTHORITY / ADDITIONAL sections, then
 *   ;; Query time / SERVER / WHEN / MSG SIZE  rcvd
 *
 * dig sends RD and AD, EDNS0 (udp 1232) with an 8-byte client COOKIE: 23 bytes of OPT on the
 * query, echoed by CoreDNS (so `(echoed)`), and counted in ADDITIONAL and MSG SIZE. No search
 * list unless +search; no /etc/hosts. Every try is walked through the datapath (trace/dig-query.ts).
 * Exit status 0 when a reply was printed (NXDOMAIN too), 9 when no server answered.
 * Simplified: the message ID and the client cookie are derived from the query, not random.
 */
import type { DnsType } from '../wire/app-data';
import { labUnixSeconds } from '../model/lab-clock';
import { resolvConfFor } from '../dns/resolver';
import type { DnsQueryTrace } from '../trace/lookup';
import { isIpv4 } from '../wire/ipv4';
import { type CommandResult, done, notModelled, type Shell } from './context';
import { askServers, BIND_VERSION, bindCandidates, bindSettings } from './dighost';
import { absolute, questionLine, rrLine, whenText } from './dns-format';
import { reverseName } from './resolve';
import type { Trace } from '../model/trace';

/** The types the lab's servers answer (ANY goes over TCP in dig: dig.c sets tcp_mode for it; not modelled). */
export const DNS_TYPES: readonly DnsType[] = ['A', 'AAAA', 'SRV', 'PTR', 'TXT', 'CNAME', 'SOA', 'NS'];
/** Record types bind knows that the lab does not model. */
const OTHER_TYPES = new Set(['ANY', 'MX', 'CAA', 'DS', 'DNSKEY', 'RRSIG', 'NSEC', 'HTTPS', 'SVCB', 'AXFR', 'IXFR', 'HINFO', 'NAPTR', 'TLSA']);
const EDNS_OPT = 11;
const COOKIE_OPT = 12;

export interface DigOptions {
  readonly args: readonly string[];
  readonly server?: string;
  readonly name: string;
  readonly qtype: DnsType;
  readonly short: boolean;
  readonly search: boolean;
  readonly cmd: boolean;
  readonly comments: boolean;
  readonly stats: boolean;
  readonly question: boolean;
  readonly answer: boolean;
  readonly authority: boolean;
  readonly additional: boolean;
  readonly edns: boolean;
  readonly cookie: boolean;
  readonly tries?: number;
  readonly timeoutSec?: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** dig's command line; `{ notModelled }` for what the lab does not do. */
export function parseDigArgs(argv: readonly string[]): DigOptions | { error: string } | { notModelled: string } {
  const o: Mutable<DigOptions> = {
    args: argv,
    name: '',
    qtype: 'A',
    short: false,
    search: false,
    cmd: true,
    comments: true,
    stats: true,
    question: true,
    answer: true,
    authority: true,
    additional: true,
    edns: true,
    cookie: true,
  };
  let name: string | undefined;
  let typed = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('@')) {
      if (!isIpv4(a.slice(1))) return { notModelled: `dig ${a} (a server given by name)` };
      o.server = a.slice(1);
    } else if (a.startsWith('+')) {
      const m = /^\+(no)?([a-z]+)(?:=(.*))?$/.exec(a);
      if (!m) return { error: `Invalid option: ${a}` };
      const on = !m[1];
      const opt = m[2];
      const n = Number(m[3]);
      if (opt === 'short') {
        o.short = on;
        if (on) Object.assign(o, { cmd: false, comments: false, stats: false, question: false, authority: false, additional: false, answer: true });
      } else if (opt === 'search') o.search = on;
      else if (opt === 'all') Object.assign(o, { cmd: on, comments: on, stats: on, question: on, answer: on, authority: on, additional: on });
      else if (opt === 'cmd' || opt === 'comments' || opt === 'stats' || opt === 'question' || opt === 'answer' || opt === 'authority' || opt === 'additional')
        o[opt] = on;
      else if (opt === 'edns') o.edns = on;
      else if (opt === 'cookie') o.cookie = on;
      else if ((opt === 'tries' || opt === 'retry') && Number.isInteger(n) && n >= 0) o.tries = Math.max(1, opt === 'retry' ? n + 1 : n);
      else if (opt === 'timeout' && Number.isInteger(n) && n >= 1) o.timeoutSec = n;
      else return { notModelled: `dig ${a}` };
    } else if (a === '-x') {
      const ip = argv[++i];
      if (!ip || !isIpv4(ip)) return { notModelled: `dig -x ${ip ?? ''} (only IPv4 addresses)` };
      name = reverseName(ip);
      if (!typed) o.qtype = 'PTR';
    } else if (a === '-t' || a === '-c' || a === '-p') {
      const v = (argv[++i] ?? '').toUpperCase();
      if (a === '-c' && v !== 'IN') return { notModelled: `dig -c ${v}` };
      if (a === '-p' && v !== '53') return { notModelled: `dig -p ${v} (the lab's DNS servers listen on 53)` };
      if (a === '-t') {
        if (!DNS_TYPES.includes(v as DnsType)) return { notModelled: `dig -t ${v}` };
        o.qtype = v as DnsType;
        typed = true;
      }
    } else if (a === '-4') continue;
    else if (a.startsWith('-')) return { notModelled: `dig ${a}` };
    else if (DNS_TYPES.includes(a.toUpperCase() as DnsType)) {
      // a word that names a type is the type (dig.c parse_args: dns_rdatatype_fromtext first), so `dig ns` asks `.` for NS
      o.qtype = a.toUpperCase() as DnsType;
      typed = true;
    } else if (OTHER_TYPES.has(a.toUpperCase())) return { notModelled: `dig ${a.toUpperCase()} records` };
    else if (a.toUpperCase() === 'IN') continue;
    else if (name !== undefined) return { notModelled: `dig with several names (${name} ${a})` };
    else name = a;
  }
  if (name === undefined) return { notModelled: 'dig without a name (the root NS query)' };
  return { ...o, name };
}

/** The 8-byte client cookie, hex (dig draws it at random; derived here so a run repeats). */
function cookieHex(q: DnsQueryTrace): string {
  let h = 0x9e3779b9 ^ q.sport;
  let out = '';
  for (let i = 0; i < 4; i++) {
    for (const ch of `${q.name}${i}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += (h & 0xffff).toString(16).padStart(4, '0');
  }
  return out;
}

function section(title: string, lines: readonly string[], comments: boolean): string[] {
  if (!lines.length) return [];
  return comments ? [`;; ${title} SECTION:`, ...lines, ''] : [...lines];
}

export interface DigReply {
  readonly q: DnsQueryTrace;
  readonly id: number;
  readonly bytes: number;
  readonly server: string;
  readonly userarg: string;
  /** lab ms when the reply arrived */
  readonly at: number;
}

/** The printed message (printmessage + received), without the greeting. */
export function formatDigReply(o: DigOptions, r: DigReply): string[] {
  const q = r.q;
  const additional = q.additional ?? [];
  if (o.short) return o.answer ? q.answers.map((a) => a.data) : [];
  const out: string[] = [];
  const ednsBytes = o.edns ? EDNS_OPT + (o.cookie ? COOKIE_OPT : 0) : 0;
  if (o.comments) {
    const flags = ['qr', ...(q.aa ? ['aa'] : []), 'rd', ...(q.ra ? ['ra'] : [])].join(' ');
    out.push(';; Got answer:', `;; ->>HEADER<<- opcode: QUERY, status: ${q.rcode}, id: ${r.id}`);
    const counts = `QUERY: 1, ANSWER: ${q.answers.length}, AUTHORITY: ${q.authority.length}, ADDITIONAL: ${additional.length + (ednsBytes ? 1 : 0)}`;
    out.push(`;; flags: ${flags}; ${counts}`);
    if (!q.ra) out.push(';; WARNING: recursion requested but not available');
    out.push('');
    if (ednsBytes) {
      out.push(';; OPT PSEUDOSECTION:', '; EDNS: version: 0, flags:; udp: 1232');
      if (o.cookie) out.push(`; COOKIE: ${cookieHex(q)} (echoed)`);
    }
  }
  if (o.question) out.push(...(o.comments ? [';; QUESTION SECTION:', questionLine(q.name, q.type), ''] : [questionLine(q.name, q.type)]));
  if (o.answer) out.push(...section('ANSWER', q.answers.map(rrLine), o.comments));
  if (o.authority) out.push(...section('AUTHORITY', q.authority.map(rrLine), o.comments));
  if (o.additional) out.push(...section('ADDITIONAL', additional.map(rrLine), o.comments));
  if (o.stats)
    out.push(
      `;; Query time: ${Math.floor(q.elapsed)} msec`,
      `;; SERVER: ${r.server}#53(${r.userarg}) (UDP)`,
      `;; WHEN: ${whenText(labUnixSeconds(r.at))}`,
      `;; MSG SIZE  rcvd: ${r.bytes}`,
      '',
    );
  return out;
}

function greeting(o: DigOptions): string[] {
  if (!o.cmd) return [];
  return ['', `; <<>> DiG ${BIND_VERSION} <<>> ${o.args.join(' ')}`, ...(o.server ? ['; (1 server found)'] : []), ';; global options: +cmd'];
}

export function digCommand(shell: Shell, argv: readonly string[]): CommandResult {
  const o = parseDigArgs(argv);
  if ('notModelled' in o) return notModelled(shell, o.notModelled);
  if ('error' in o) return done(shell, o.error, 1);
  const rc = resolvConfFor(shell.lab.cluster, shell.pod);
  const s = bindSettings(rc, { tries: o.tries, timeoutSec: o.timeoutSec });
  const servers = o.server ? [o.server] : rc.nameservers.length ? rc.nameservers : ['127.0.0.1'];
  const ednsBytes = o.edns ? EDNS_OPT + (o.cookie ? COOKIE_OPT : 0) : 0;
  const names = bindCandidates(o.name, rc, o.search, s.ndots);
  let lab = shell.lab;
  const traces: Trace[] = [];
  const out: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const asked = askServers(lab, shell.netns.id, servers, absolute(names[i]), o.qtype, ednsBytes, s);
    lab = asked.lab;
    traces.push(...asked.traces);
    out.push(...asked.warnings);
    const a = asked.answered;
    if (!a) {
      out.push(...greeting(o), ';; no servers could be reached');
      return { lab, output: out.join('\n'), exitCode: 9, traces };
    }
    // only NXDOMAIN goes on to the next name of the search list (dighost.c recv_done → next_origin)
    if (a.result.answer!.rcode === 'NXDOMAIN' && i < names.length - 1) continue;
    const reply: DigReply = { q: a.result.answer!, id: a.result.id, bytes: a.result.bytes ?? 0, server: a.server, userarg: o.server ?? a.server, at: a.at };
    out.push(...greeting(o), ...formatDigReply(o, reply));
    break;
  }
  return { lab, output: out.join('\n'), exitCode: 0, traces };
}
