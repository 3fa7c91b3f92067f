/**
 * `nslookup [-type=T] [-timeout=N] [-retry=N] NAME [SERVER]` — bind9 9.18's nslookup, the one
 * in the dnsutils image (bin/dig/nslookup.c printmessage, printsection, addlookup; dighost.c
 * recv_done). Not busybox's (Alpine), whose layout differs (`Address: 10.96.0.10:53`).
 *
 *   ;; Got recursion not available from 10.96.0.10
 *   Server:		10.96.0.10
 *   Address:	10.96.0.10#53
 *
 *   Name:	kubernetes.default.svc.cluster.local
 *   Address: 10.96.0.1
 *   ;; Got recursion not available from 10.96.0.10
 *
 * Uses the resolv.conf search list and ndots; only NXDOMAIN moves to the next name. A default
 * lookup asks A, and after a NOERROR also AAAA for the CNAME-chased name. With no SERVER
 * argument nslookup checks RA (check_ra): CoreDNS's kubernetes answers never set it, so every
 * such reply prints `;; Got recursion not available from …` (and, with another server left,
 * `, trying next server` and asks that one). The header is printed for A replies only;
 * `** server can't find NAME: NXDOMAIN` on an error rcode; a blank line at exit.
 * Exit status query_error | print_error: 1 when no server answered or an rcode was an error.
 */
import type { DnsRecord, DnsType } from '../wire/app-data';
import { resolvConfFor } from '../dns/resolver';
import { runDnsQuery } from '../trace/dig-query';
import type { DnsQueryTrace } from '../trace/lookup';
import type { Trace } from '../model/trace';
import { isIpv4 } from '../wire/ipv4';
import type { Lab } from '../lab';
import { type CommandResult, notModelled, type Shell } from './context';
import { bindCandidates, bindSettings, type BindSettings } from './dighost';
import { absolute } from './dns-format';
import { DNS_TYPES } from './dig';
import { reverseName } from './resolve';

/** nslookup's rtypetext: what precedes the rdata of a record it does not print as Name/Address. */
const RTYPE_TEXT: Partial<Record<DnsType, string>> = { CNAME: 'canonical name = ', PTR: 'name = ', SRV: 'service = ', TXT: 'text = ', NS: 'nameserver = ' };

const bare = (n: string) => n.replace(/\.$/, '');

/** printsection: A/AAAA as Name/Address (answer section only), SOA as its fields, the rest as `owner\ttext rdata`. */
function printSection(records: readonly DnsRecord[], answer: boolean): string[] {
  const out: string[] = [];
  for (const r of records) {
    if ((r.type === 'A' || r.type === 'AAAA') && answer) out.push(`Name:\t${bare(r.name)}`, `Address: ${r.data}`);
    else if (r.type === 'SOA') {
      const [origin, mail, serial, refresh, retry, expire, minimum] = r.data.split(' ');
      out.push(
        bare(r.name),
        `\torigin = ${bare(origin)}`,
        `\tmail addr = ${bare(mail)}`,
        `\tserial = ${serial}`,
        `\trefresh = ${refresh}`,
        `\tretry = ${retry}`,
        `\texpire = ${expire}`,
        `\tminimum = ${minimum}`,
      );
    } else out.push(`${bare(r.name)}\t${RTYPE_TEXT[r.type] ?? `${r.type.toLowerCase()} = `}${r.data}`);
  }
  return out;
}

interface Parsed {
  readonly name: string;
  /** the name as typed (lookup->textname) */
  readonly typed: string;
  readonly qtype: DnsType;
  readonly defaultLookups: boolean;
  readonly server?: string;
  readonly tries?: number;
  readonly timeoutSec?: number;
}

function parse(argv: readonly string[]): Parsed | { notModelled: string } {
  let name: string | undefined;
  let server: string | undefined;
  let qtype: DnsType = 'A';
  let defaultLookups = true;
  let tries: number | undefined;
  let timeoutSec: number | undefined;
  for (const a of argv) {
    if (a.startsWith('-') && a.length > 1) {
      const m = /^-(type|ty|querytype|query|qu|q|timeout|t|retry|ret)=(.+)$/i.exec(a);
      if (!m) return { notModelled: `nslookup ${a}` };
      const key = m[1].toLowerCase();
      if (key === 'timeout' || key === 't') timeoutSec = Math.max(1, Number(m[2]) || 1);
      else if (key === 'retry' || key === 'ret') tries = Math.max(1, Number(m[2]) || 1);
      else {
        const t = m[2].toUpperCase() as DnsType;
        if (!DNS_TYPES.includes(t)) return { notModelled: `nslookup -type=${m[2]}` };
        qtype = t;
        defaultLookups = false;
      }
    } else if (a === '-' || name === undefined) {
      if (a === '-') return { notModelled: 'nslookup - SERVER (interactive mode)' };
      name = a;
    } else if (server === undefined) {
      if (!isIpv4(a)) return { notModelled: `nslookup ${name} ${a} (a server given by name)` };
      server = a;
    } else return { notModelled: `nslookup ${argv.join(' ')}` };
  }
  if (name === undefined) return { notModelled: 'nslookup without a name (interactive mode)' };
  // addlookup → get_reverse: an address is looked up as its in-addr.arpa PTR
  if (isIpv4(name)) return { name: reverseName(name), typed: reverseName(name), qtype: 'PTR', defaultLookups, server, tries, timeoutSec };
  return { name, typed: name, qtype, defaultLookups, server, tries, timeoutSec };
}

interface Ask {
  lab: Lab;
  readonly traces: Trace[];
  readonly out: string[];
}

/** One question to the servers (with check_ra); the accepted reply and its server, or none. */
function ask(st: Ask, from: string, servers: readonly string[], checkRa: boolean, name: string, qtype: DnsType, s: BindSettings) {
  for (let i = 0; i < servers.length; i++) {
    const r = runDnsQuery(st.lab, from, { server: servers[i], name, qtype, timeoutMs: s.timeoutMs, tries: s.tries });
    st.lab = r.lab;
    st.traces.push(r.trace);
    for (const f of r.result.failures) st.out.push(`;; communications error to ${servers[i]}#53: ${f}`);
    const q = r.result.answer;
    if (!q) continue;
    if (checkRa && !q.ra) {
      if (i < servers.length - 1) {
        st.out.push(`;; Got recursion not available from ${servers[i]}, trying next server`);
        continue;
      }
      st.out.push(`;; Got recursion not available from ${servers[i]}`);
    }
    return { q, server: servers[i] };
  }
  return undefined;
}

/** chase_cnamechain: the name the AAAA lookup asks for. */
function chased(q: DnsQueryTrace): string {
  let name = q.name.toLowerCase();
  for (let n = 0; n < 8; n++) {
    const c = q.answers.find((r) => r.type === 'CNAME' && r.name.toLowerCase() === name);
    if (!c) break;
    name = c.data.toLowerCase();
  }
  return name;
}

export function nslookupCommand(shell: Shell, argv: readonly string[]): CommandResult {
  const p = parse(argv);
  if ('notModelled' in p) return notModelled(shell, p.notModelled);
  const rc = resolvConfFor(shell.lab.cluster, shell.pod);
  const s = bindSettings(rc, { tries: p.tries, timeoutSec: p.timeoutSec });
  const servers = p.server ? [p.server] : rc.nameservers.length ? rc.nameservers : ['127.0.0.1'];
  const st: Ask = { lab: shell.lab, traces: [], out: [] };
  const checkRa = !p.server;
  const names = bindCandidates(p.name, rc, true, s.ndots);
  let failed = 0;
  let answered = false;
  for (let i = 0; i < names.length; i++) {
    const got = ask(st, shell.netns.id, servers, checkRa, absolute(names[i]), p.qtype, s);
    if (!got) {
      st.out.push(';; no servers could be reached');
      break;
    }
    const { q, server } = got;
    if (q.rcode === 'NXDOMAIN' && i < names.length - 1) continue;
    answered = true;
    const header = !p.defaultLookups || p.qtype === 'A';
    if (header) st.out.push(`Server:\t\t${p.server ?? server}`, `Address:\t${server}#53`, '');
    if (q.rcode !== 'NOERROR') {
      st.out.push(`** server can't find ${bare(q.name)}: ${q.rcode}`);
      failed = 1;
      break;
    }
    if (!q.aa && header) st.out.push('Non-authoritative answer:');
    let aNoAnswer = false;
    if (q.answers.length) st.out.push(...printSection(q.answers, true));
    else if (p.defaultLookups && p.qtype === 'A') aNoAnswer = true;
    else st.out.push(`*** Can't find ${p.typed}: No answer`);
    if (!q.aa && p.qtype !== 'A' && p.qtype !== 'AAAA') {
      st.out.push('', 'Authoritative answers can be found from:', ...printSection(q.authority, false), ...printSection(q.additional ?? [], false));
    }
    if (p.defaultLookups && p.qtype === 'A') {
      // the AAAA clone: the chased name as-is, no search, no header
      const six = chased(q);
      const g6 = ask(st, shell.netns.id, servers, checkRa, six, 'AAAA', s);
      if (!g6) st.out.push(';; no servers could be reached');
      else if (g6.q.rcode !== 'NOERROR') {
        st.out.push(`** server can't find ${bare(six)}: ${g6.q.rcode}`);
        failed = 1;
      } else if (g6.q.answers.length) st.out.push(...printSection(g6.q.answers, true));
      else if (aNoAnswer) st.out.push(`*** Can't find ${bare(six)}: No answer`);
    }
    break;
  }
  st.out.push('');
  return { lab: st.lab, output: st.out.join('\n'), exitCode: !answered || failed ? 1 : 0, traces: st.traces };
}
