/**
 * Payload bytes of the lab's application messages, so every packet has its real size.
 *
 * DNS (RFC 1035 §4): a 12-byte header, the question (the name in wire form — a length byte
 * per label, the label, a final zero — plus type and class), then each record: owner name,
 * type, class, TTL, rdlength (10 bytes) and rdata. Names are compressed (§4.1.4): a name, or
 * its tail, already written is replaced by a 2-byte pointer. EDNS0 adds an 11-byte OPT record.
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

function rdataBytes(r: DnsRecord, seen: string[][]): number {
  switch (r.type) {
    case 'A':
      return 4;
    case 'AAAA':
      return 16;
    case 'CNAME':
    case 'PTR':
    case 'NS':
      return nameBytes(r.data, seen);
    case 'SRV': {
      const target = r.data.split(' ')[3] ?? '.';
      return 6 + nameBytes(target, seen);
    }
    case 'SOA': {
      const [mname, rname] = r.data.split(' ');
      return nameBytes(mname, seen) + nameBytes(rname, seen) + 20;
    }
    case 'TXT': {
      const text = r.data.replace(/^"|"$/g, '');
      return 1 + text.length;
    }
    default:
      return 0;
  }
}

export function dnsMessageBytes(question: string, records: readonly DnsRecord[], edns = 0): number {
  const seen: string[][] = [];
  let n = 12 + nameBytes(question, seen) + 4;
  for (const r of records) n += nameBytes(r.name, seen) + 10 + rdataBytes(r, seen);
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
      return dnsMessageBytes(d.name, [...d.answers, ...d.authority, ...(d.additional ?? [])], d.edns ?? 0);
    case 'http-request':
      return httpRequestText(d).length;
    case 'http-response':
      return httpResponseHead(d).join(crlf).length + 4 + d.body.length;
    case 'echo':
      return d.bytes;
  }
}
