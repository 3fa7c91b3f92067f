/**
 * Byte helpers for the pcap writer: network byte order (big-endian) fields, addresses and
 * deterministic filler. Everything here is pure; the same input always gives the same bytes.
 */
import { ipToInt, type Ipv4 } from '../wire/ipv4';
import type { Mac } from '../wire/mac';

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function u16(n: number): Uint8Array {
  return Uint8Array.of((n >>> 8) & 0xff, n & 0xff);
}

export function u32(n: number): Uint8Array {
  return Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

export function ipBytes(ip: Ipv4): Uint8Array {
  return u32(ipToInt(ip));
}

export function macBytes(mac: Mac): Uint8Array {
  return Uint8Array.from(mac.split(':').map((x) => parseInt(x, 16)));
}

export function ascii(s: string): Uint8Array {
  // HTTP text and DNS labels in the lab are ASCII; anything else becomes '?', never a multi-byte surprise.
  return Uint8Array.from([...s].map((c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : 0x3f)));
}

/** Exactly `n` bytes: `b` cut short or padded with zeros (a quoted packet, a size the trace fixed). */
export function fit(b: Uint8Array, n: number): Uint8Array {
  if (b.length === n) return b;
  if (b.length > n) return b.slice(0, n);
  const out = new Uint8Array(n);
  out.set(b);
  return out;
}

/** FNV-1a over a string: seeds for deterministic sequence numbers and ciphertext filler. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

/** `n` bytes that look random (xorshift32 from `seed`): a WireGuard ciphertext and tag, a DNS cookie. */
export function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** `n` bytes 0x00, 0x01 … 0xff, 0x00 … starting at `from`: filler where the lab has no content (simplified). */
export function counting(n: number, from = 0): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (from + i) & 0xff;
  return out;
}
