/**
 * DNS messages in wire format (RFC 1035 §4.1): header (id, flags QR/opcode/AA/TC/RD/RA/rcode,
 * four counts), the question, then answer, authority and additional records; EDNS0's OPT
 * pseudo-record (RFC 6891 §6.1.2) last. Sizes agree byte for byte with wire/app-size.ts
 * dnsMessageBytes, which decides when a message is compressed: CoreDNS writes uncompressed
 * (miekg/dns), the outside resolver compresses (§4.1.4 pointers to a name or its tail).
 * The query id is the one the lab's resolver chose (trace/dns-server.ts dnsQueryId).
 */
import { ascii, concat, noise, u16, u32, hash32 } from './bytes';
import type { DnsQueryData, DnsRcode, DnsRecord, DnsResponseData, DnsType } from '../wire/app-data';

export const DNS_TYPE: Record<DnsType, number> = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, TXT: 16, AAAA: 28, SRV: 33, ANY: 255 };
const RCODE: Record<DnsRcode, number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 };
const CLASS_IN = 1;
const TYPE_OPT = 41;
/** The UDP payload size the lab's EDNS clients advertise: dig's default since BIND 9.16 (DNS flag day 2020). */
export const EDNS_UDP_SIZE = 1232;

function labels(name: string): string[] {
  return name.replace(/\.$/, '').split('.').filter(Boolean);
}

/** Writes names, remembering where each name and each of its tails starts, for §4.1.4 pointers. */
class NameWriter {
  private readonly at = new Map<string, number>();
  constructor(private readonly compress: boolean) {}

  write(name: string, offset: number): Uint8Array {
    const ls = labels(name);
    const lower = ls.map((l) => l.toLowerCase());
    const parts: Uint8Array[] = [];
    let pos = offset;
    for (let i = 0; i < ls.length; i++) {
      const tail = lower.slice(i).join('.');
      const ptr = this.compress ? this.at.get(tail) : undefined;
      if (ptr !== undefined) {
        parts.push(u16(0xc000 | ptr));
        return concat(parts);
      }
      if (this.compress && pos < 0x3fff) this.at.set(tail, pos);
      const l = ascii(ls[i].slice(0, 63));
      parts.push(Uint8Array.of(l.length), l);
      pos += 1 + l.length;
    }
    parts.push(Uint8Array.of(0));
    return concat(parts);
  }
}

function ipv6Bytes(s: string): Uint8Array {
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return concat(groups.slice(0, 8).map((g) => u16(parseInt(g || '0', 16))));
}

function rdata(r: DnsRecord, name: (n: string, at: number) => Uint8Array, at: number): Uint8Array {
  switch (r.type) {
    case 'A':
      return Uint8Array.from(r.data.split('.').map(Number));
    case 'AAAA':
      return ipv6Bytes(r.data);
    case 'CNAME':
    case 'PTR':
    case 'NS':
      return name(r.data, at);
    case 'SRV': {
      const [prio, weight, port, target] = r.data.split(' ');
      return concat([u16(Number(prio)), u16(Number(weight)), u16(Number(port)), name(target ?? '.', at + 6)]);
    }
    case 'SOA': {
      const [mname, rname, ...nums] = r.data.split(' ');
      const m = name(mname, at);
      const rn = name(rname, at + m.length);
      return concat([m, rn, ...[0, 1, 2, 3, 4].map((i) => u32(Number(nums[i] ?? 0)))]);
    }
    case 'TXT': {
      const text = ascii(r.data.replace(/^"|"$/g, '').slice(0, 255));
      return concat([Uint8Array.of(text.length), text]);
    }
    default:
      return new Uint8Array(0);
  }
}

/** The OPT record, `bytes` long in all (11 bare; dig's COOKIE option adds 12: code 10, length 8, client cookie). */
function optRecord(bytes: number, seed: number): Uint8Array {
  const extra = Math.max(0, bytes - 11);
  const option =
    extra === 0
      ? new Uint8Array(0)
      : extra === 12
        ? concat([u16(10), u16(8), noise(8, seed)])
        : concat([u16(12), u16(Math.max(0, extra - 4)), new Uint8Array(Math.max(0, extra - 4))]); // RFC 7830 padding
  return concat([Uint8Array.of(0), u16(TYPE_OPT), u16(EDNS_UDP_SIZE), u32(0), u16(option.length), option]);
}

interface Message {
  readonly id: number;
  readonly flags: number;
  readonly name: string;
  readonly qtype: DnsType;
  readonly sections: readonly (readonly DnsRecord[])[];
  readonly edns: number;
  readonly compress: boolean;
}

function message(m: Message): Uint8Array {
  const w = new NameWriter(m.compress);
  const [an, ns, ar] = m.sections;
  const header = concat([u16(m.id), u16(m.flags), u16(1), u16(an.length), u16(ns.length), u16(ar.length + (m.edns ? 1 : 0))]);
  const parts: Uint8Array[] = [header];
  let at = header.length;
  const push = (b: Uint8Array) => {
    parts.push(b);
    at += b.length;
  };
  push(w.write(m.name, at));
  push(concat([u16(DNS_TYPE[m.qtype]), u16(CLASS_IN)]));
  for (const r of [...an, ...ns, ...ar]) {
    push(w.write(r.name, at));
    const rd = rdata(r, (n, off) => w.write(n, off), at + 10);
    push(concat([u16(DNS_TYPE[r.type]), u16(CLASS_IN), u32(r.ttl), u16(rd.length), rd]));
  }
  if (m.edns) push(optRecord(m.edns, hash32(`${m.id}/${m.name}`)));
  return concat(parts);
}

const RD = 0x0100;

/** A stub resolver's query: RD set (glibc res_mkquery, musl, dig all ask for recursion). */
export function dnsQueryBytes(d: DnsQueryData): Uint8Array {
  return message({ id: d.id, flags: RD, name: d.name, qtype: d.qtype, sections: [[], [], []], edns: d.edns ?? 0, compress: false });
}

export function dnsResponseBytes(d: DnsResponseData): Uint8Array {
  const flags = 0x8000 | (d.aa ? 0x0400 : 0) | RD | (d.ra ? 0x0080 : 0) | RCODE[d.rcode];
  return message({
    id: d.id,
    flags,
    name: d.name,
    qtype: d.qtype,
    sections: [d.answers, d.authority, d.additional ?? []],
    edns: d.edns ?? 0,
    compress: d.via === 'upstream',
  });
}
