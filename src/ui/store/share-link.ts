/**
 * Share links: the scenario travels in the URL hash as base64url(JSON), `#scenario=…`.
 * Decoding never throws: a bad link yields a message for the error banner, and the app
 * falls back to the default lab (ARCHITECTURE.md: "never a blank page").
 */
import type { Lab, Scenario } from '../../engine';
import { engine } from './engine-runtime';
import { formatScenarioError } from '../../engine/shell';

export const HASH_KEY = 'scenario';

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('it contains characters that are not base64url');
  const padded = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const bin = atob(padded);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/**
 * The scenario as a link carries it: what the schema reads back. Its NetworkPolicies are held
 * parsed (normalised records), so a Kubernetes policy travels as its manifest.
 */
export function encodeScenario(scenario: Scenario): string {
  const policies = scenario.cluster.networkPolicies;
  const data = policies.length ? { ...scenario, cluster: { ...scenario.cluster, networkPolicies: policies.map((p) => engine().policyManifest(p)) } } : scenario;
  return toBase64Url(new TextEncoder().encode(JSON.stringify(data)));
}

export function shareHash(scenario: Scenario): string {
  return `#${HASH_KEY}=${encodeScenario(scenario)}`;
}

export type DecodedLink =
  { readonly kind: 'none' } | { readonly kind: 'ok'; readonly lab: Lab } | { readonly kind: 'error'; readonly errors: readonly string[] };

/** Whether a location hash carries a scenario at all (cheap: no decoding, no validator). */
export function hasShareLink(hash: string): boolean {
  return new URLSearchParams(hash.replace(/^#/, '')).get(HASH_KEY) !== null;
}

/** Reads `#scenario=…` from a location hash and validates it with the engine's schema (loaded on demand). */
export async function decodeShareHash(hash: string): Promise<DecodedLink> {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const raw = params.get(HASH_KEY);
  if (raw === null) return { kind: 'none' };
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(raw)));
  } catch (e) {
    return { kind: 'error', errors: [`the link could not be decoded: ${e instanceof Error ? e.message : String(e)}`] };
  }
  const { validateScenario } = await import('../../engine/io');
  const parsed = validateScenario(data);
  if (!parsed.ok) return { kind: 'error', errors: parsed.errors.map((e) => formatScenarioError(e)) };
  const built = engine().createLab(parsed.scenario);
  if (!built.ok) return { kind: 'error', errors: built.errors.map((e) => formatScenarioError(e)) };
  return { kind: 'ok', lab: built.lab };
}
