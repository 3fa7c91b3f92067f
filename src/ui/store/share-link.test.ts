import '../test-engine';
import { describe, expect, it } from 'vitest';
import { decodeShareHash, encodeScenario, shareHash } from './share-link';
import { loadDefault } from './scenarios';
import { withPodMtu, withPolicies } from './scenario-edits';
import { DEFAULT_DENY_INGRESS, validatePolicyText } from '../policies/policy-yaml';

describe('share links', () => {
  it('round-trips a scenario through the hash', async () => {
    const s = withPodMtu(loadDefault().scenario, 1500);
    const d = await decodeShareHash(shareHash(s));
    expect(d.kind).toBe('ok');
    if (d.kind === 'ok') expect(d.lab.scenario).toEqual(s);
  });

  it('round-trips the NetworkPolicies too (a Kubernetes policy travels as its manifest)', async () => {
    const deny = validatePolicyText(DEFAULT_DENY_INGRESS.replace('podSelector: {}', 'podSelector: { matchLabels: { app: web } }'));
    if (!deny.ok) throw new Error('bad example');
    const s = withPolicies(loadDefault().scenario, [deny.record]);
    const d = await decodeShareHash(shareHash(s));
    expect(d.kind === 'error' ? d.errors : d.kind).toBe('ok');
    if (d.kind === 'ok') expect(d.lab.scenario.cluster.networkPolicies).toEqual([deny.record]);
  });

  it('uses only base64url characters', () => {
    expect(encodeScenario(loadDefault().scenario)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('reads no link from an empty or unrelated hash', async () => {
    expect((await decodeShareHash('')).kind).toBe('none');
    expect((await decodeShareHash('#trace')).kind).toBe('none');
  });

  it('explains a link that is not base64url, not JSON, or not a valid scenario', async () => {
    const bad = async (hash: string) => {
      const d = await decodeShareHash(hash);
      expect(d.kind).toBe('error');
      return d.kind === 'error' ? d.errors.join('\n') : '';
    };
    expect(await bad('#scenario=%%%')).toMatch(/could not be decoded/);
    expect(await bad(`#scenario=${btoa('not json')}`)).toMatch(/could not be decoded/);
    const wrong = { ...loadDefault().scenario, apiVersion: 'v0' };
    expect(await bad(`#scenario=${encodeScenario(wrong as never)}`)).toMatch(/apiVersion/);
    const noNodes = { ...loadDefault().scenario, cluster: { ...loadDefault().scenario.cluster, nodes: [] } };
    expect(await bad(`#scenario=${encodeScenario(noNodes as never)}`)).toMatch(/at least one node/);
  });
});
