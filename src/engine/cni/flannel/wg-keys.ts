/**
 * WireGuard keys and session indices for flanneld's wireguard backend, derived from the node's
 * name so a scenario builds the same cluster every time (the engine has no randomness).
 *
 * flanneld generates a private key into /run/flannel/wgkey when none exists and publishes the
 * public key in the node annotation `flannel.alpha.coreos.com/backend-data` (flannel-io/flannel
 * pkg/backend/wireguard/device.go setupKeys, wireguard.go newSubnetAttrs). A key is 32 bytes,
 * printed by `wg` in base64 (44 characters ending in `=`; wireguard-tools src/encoding.c
 * key_to_base64). The private key is clamped as Curve25519 wants (wg genkey: `k[0] &= 248;
 * k[31] = (k[31] & 127) | 64`). Simplified: the public key is a hash of the private key, not
 * its X25519 derivation — nothing in the lab computes with it, it only has to be unique.
 */
import { sha256 } from '@noble/hashes/sha2.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 base64 with padding. */
export function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >>> 18) & 63] + B64[(n >>> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >>> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

export interface WgKeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
}

const text = (s: string) => new TextEncoder().encode(s);

export function wgKeyPair(node: string): WgKeyPair {
  const priv = sha256(text(`flannel wgkey ${node}`));
  priv[0] &= 248;
  priv[31] = (priv[31] & 127) | 64;
  return { privateKey: base64(priv), publicKey: base64(sha256(priv)) };
}

/**
 * The receiver index `owner` gave the session with `peer` (a random u32 per handshake in the
 * kernel, noise.c wg_index_hashtable_insert): what `peer` writes in the data messages it sends.
 */
export function wgSessionIndex(owner: string, peer: string): number {
  const h = sha256(text(`wg index ${owner} ${peer}`));
  return ((h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3]) >>> 0;
}
