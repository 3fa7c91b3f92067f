/**
 * kube-proxy's chain names (K8S pkg/proxy/iptables/proxier.go portProtoHash,
 * servicePortEndpointChainName; REFERENCE.md §2.2): the first 16 characters of the base32
 * (RFC 4648 alphabet, as Go's base32.StdEncoding) of sha256(servicePortName + protocol
 * [+ endpoint]), where servicePortName is `ns/name:port` or `ns/name` for an unnamed port and
 * the protocol is lower case. SHA-256 comes from @noble/hashes (audited, dependency-free).
 */
import { sha256 } from '@noble/hashes/sha2.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 of `bytes` (no padding needed: callers take a prefix). */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

const memo = new Map<string, string>();

export function hash16(input: string): string {
  let h = memo.get(input);
  if (!h) {
    h = base32(sha256(new TextEncoder().encode(input))).slice(0, 16);
    if (memo.size > 50_000) memo.clear();
    memo.set(input, h);
  }
  return h;
}

/** `prod/web:http`, or `prod/web` for an unnamed port (K8S pkg/proxy/types.go ServicePortName.String). */
export function servicePortName(namespace: string, name: string, port?: string): string {
  return port ? `${namespace}/${name}:${port}` : `${namespace}/${name}`;
}

export function portProtoHash(spn: string, protocol: string): string {
  return hash16(spn + protocol.toLowerCase());
}

export const svcChain = (spn: string, proto: string) => `KUBE-SVC-${portProtoHash(spn, proto)}`;
export const svlChain = (spn: string, proto: string) => `KUBE-SVL-${portProtoHash(spn, proto)}`;
export const extChain = (spn: string, proto: string) => `KUBE-EXT-${portProtoHash(spn, proto)}`;
export const fwChain = (spn: string, proto: string) => `KUBE-FW-${portProtoHash(spn, proto)}`;
export const sepChain = (spn: string, proto: string, endpoint: string) => `KUBE-SEP-${hash16(spn + proto.toLowerCase() + endpoint)}`;
