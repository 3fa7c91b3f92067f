/**
 * Payload bytes of the lab's application messages, so every packet has its real size.
 *
 * DNS (RFC 1035 §4): a 12-byte header, the question (the name in wire form — a length byte
 * per label, the label, a final zero — plus type and class), then each record: owner name,
 * type, class, TTL, rdlength (10 bytes) and rdata. EDNS0 adds an 11-byte OPT record (dig's
 * COOKIE option 12 more). CoreDNS writes its responses uncompressed: miekg/dns Msg.Truncate sets
 * Compress=false whenever the uncompressed message fits the client's buffer (512, or the EDNS
 * size), and forwarded replies are repacked the same way. Only the outside resolver compresses
 * (§4.1.4: a name, or its tail, already written becomes a 2-byte pointer). Simplified: a
 * response larger than the client's buffer is neither compressed nor truncated (TC).
 * HTTP: the request and response text as curl and the lab's server write them.
 */
import type { AppData, DnsRecord } from './app-data';

const crlf = '\r\n';

function labels(name: string): string[] {
  return name.replace(/\.$/, '').split('.').filter(Boolean);
}

/** A name's wire length when `seen` names were written before (suffix compression). */
export function nameBytes(name: string, seen: string[][]): number {
  const ls = labels(name).map((l) => l.toLowerCase());
  for (let i = 0; i < ls.length; i++) {
    const tail = ls.slice(i).join('.');
    if (seen.some((s) => s.some((_, j) => s.slice(j).join('.') === tail))) {
      seen.push(ls);
      return ls.slice(0, i).reduce((n, l) => n + 1 + l.length, 0) + 2;
    }
  }
  seen.push(ls);
  return ls.reduce((n, l) => n + 1 + l.length, 0) + 1;
}

function rdataBytes(r: DnsRecord, name: (n: string) => number): number {
  switch (r.type) {
    case 'A':
      return 4;
    case 'AAAA':
      return 16;
    case 'CNAME':
    case 'PTR':
    case 'NS':
      return name(r.data);
    case 'SRV': {
      const target = r.data.split(' ')[3] ?? '.';
      return 6 + name(target);
    }
    case 'SOA': {
      const [mname, rname] = r.data.split(' ');
      return name(mname) + name(rname) + 20;
    }
    case 'TXT': {
      const text = r.data.replace(/^"|"$/g, '');
      return 1 + text.length;
    }
    default:
      return 0;
  }
}

export function dnsMessageBytes(question: string, records: readonly DnsRecord[], edns = 0, compress = false): number {
  const seen: string[][] = [];
  const name = (n: string) => nameBytes(n, compress ? seen : []);
  let n = 12 + name(question) + 4;
  for (const r of records) n += name(r.name) + 10 + rdataBytes(r, name);
  return n + edns;
}

export function httpRequestText(d: { method: string; host: string; path: string; userAgent: string }): string {
  return `${d.method} ${d.path} HTTP/1.1${crlf}Host: ${d.host}${crlf}User-Agent: ${d.userAgent}${crlf}Accept: */*${crlf}${crlf}`;
}

export function httpResponseHead(d: { status: number; reason: string; body: string }): string[] {
  return [`HTTP/1.1 ${d.status} ${d.reason}`, 'Content-Type: text/plain', `Content-Length: ${d.body.length}`];
}

export function appBytes(d: AppData): number {
  switch (d.app) {
    case 'dns-query':
      return dnsMessageBytes(d.name, [], d.edns ?? 0);
    case 'dns-response':
      return dnsMessageBytes(d.name, [...d.answers, ...d.authority, ...(d.additional ?? [])], d.edns ?? 0, d.via === 'upstream');
    case 'http-request':
      return httpRequestText(d).length;
    case 'http-response':
      return httpResponseHead(d).join(crlf).length + 4 + d.body.length;
    case 'echo':
      return d.bytes;
  }
}
