/**
 * What tshark should see in a frame, computed from the hop the frame came from: the layer
 * chain (frame.protocols, up to the innermost transport header) and the header fields.
 */
import type { Hop } from '../../src/engine/model/trace';
import type { Header } from '../../src/engine/wire/headers';

const NAME: Partial<Record<Header['kind'], string>> = {
  eth: 'eth:ethertype',
  ipv4: 'ip',
  icmp: 'icmp',
  udp: 'udp',
  tcp: 'tcp',
  vxlan: 'vxlan',
  geneve: 'geneve',
  wireguard: 'wg',
};

export function isFragment(h: Header): boolean {
  return h.kind === 'ipv4' && (h.fragOffset > 0 || h.mf);
}

/** tshark's frame.protocols begins with this: the header stack by tshark's names; a fragment stops it (reassembly decides the rest). */
export function protocolChain(stack: readonly Header[]): string {
  const out: string[] = [];
  for (const h of stack) {
    const n = NAME[h.kind];
    if (n) out.push(n);
    if (isFragment(h) || h.kind === 'wireguard') break;
  }
  return out.join(':');
}

export interface Expected {
  readonly [field: string]: string;
}

const join = (xs: readonly (string | number)[]) => xs.join(',');

/** Field values as `tshark -T fields -E occurrence=a -E aggregator=,` prints them. */
export function expectedFields(hop: Hop): Expected {
  const hs = hop.headers;
  const fragmented = hs.some(isFragment);
  const of = <K extends Header['kind']>(k: K) => hs.filter((h): h is Extract<Header, { kind: K }> => h.kind === k);
  const ip = of('ipv4');
  const out: Record<string, string> = {
    'eth.src': join(of('eth').map((h) => h.src)),
    'eth.dst': join(of('eth').map((h) => h.dst)),
    'ip.src': join(ip.map((h) => h.src)),
    'ip.dst': join(ip.map((h) => h.dst)),
    'ip.ttl': join(ip.map((h) => h.ttl)),
    'ip.len': join(ip.map((h) => h.totalLength)),
    'ip.id': join(ip.map((h) => `0x${h.id.toString(16).padStart(4, '0')}`)),
    'ip.flags.df': join(ip.map((h) => (h.df ? 1 : 0))),
    'ip.flags.mf': join(ip.map((h) => (h.mf ? 1 : 0))),
    'vxlan.vni': join(of('vxlan').map((h) => h.vni)),
    // tshark prints the Geneve VNI in hex (its field is BASE_HEX), VXLAN's in decimal
    'geneve.vni': join(of('geneve').map((h) => `0x${h.vni.toString(16).padStart(6, '0')}`)),
  };
  if (!fragmented) {
    Object.assign(out, {
      'udp.srcport': join(of('udp').map((h) => h.srcPort)),
      'udp.dstport': join(of('udp').map((h) => h.dstPort)),
      'tcp.srcport': join(of('tcp').map((h) => h.srcPort)),
      'tcp.dstport': join(of('tcp').map((h) => h.dstPort)),
      'icmp.type': join(of('icmp').map((h) => h.type)),
      'icmp.code': join(of('icmp').map((h) => h.code)),
      'icmp.mtu': join(of('icmp').flatMap((h) => (h.type === 3 && h.code === 4 ? [h.mtu ?? 0] : []))),
      'wg.receiver': join(of('wireguard').map((h) => `0x${h.receiver.toString(16).padStart(8, '0')}`)),
      'wg.counter': join(of('wireguard').map((h) => h.counter)),
    });
  }
  return out;
}
