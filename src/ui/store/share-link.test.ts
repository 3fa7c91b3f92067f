import '../test-engine';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeShareHash, encodeMoment, encodeScenario, MAX_HASH_CHARS, momentOf, shareHash, type LinkMoment } from './share-link';
import { applyLink } from './share-link-apply';
import { deflate, toBase64Url } from './share-link-codec';
import { useLabStore } from './lab-store';
import { loadDefault, loadSample } from './scenarios';
import { withPodMtu, withPolicies } from './scenario-edits';
import { DEFAULT_DENY_INGRESS, validatePolicyText } from '../policies/policy-yaml';
import { DEFAULT_SEND_FORM, PROTOCOLS, QTYPES } from '../panels/send-form-values';
import type { DrawerTab } from './lab-state';

const TABS: DrawerTab[] = ['details', 'terminal', 'policies', 'compare', 'flows', 'scenario'];
const base = (over: Partial<LinkMoment> = {}): LinkMoment => ({
  scenario: loadDefault().scenario,
  probe: null,
  form: DEFAULT_SEND_FORM,
  cursor: 0,
  selected: null,
  drawerTab: 'details',
  drawerOpen: true,
  drawerTall: false,
  presenter: false,
  ...over,
});
/** a v2 hash of any JSON value (to hand the decoder what no build writes) */
const packed = async (data: unknown, v = 2) => `#v=${v}&s=${toBase64Url(await deflate(new TextEncoder().encode(JSON.stringify(data))))}`;
const problem = async (hash: string) => {
  const d = await decodeShareHash(hash);
  if (d.kind !== 'error') throw new Error(`expected an error, got ${d.kind}`);
  return { problem: d.problem, text: d.errors.join('\n') };
};

describe('share links, v1 (#scenario=…)', () => {
  it('round-trips a scenario through the hash', async () => {
    const s = withPodMtu(loadDefault().scenario, 1500);
    const d = await decodeShareHash(shareHash(s));
    expect(d.kind).toBe('ok');
    if (d.kind === 'ok') {
      expect(d.lab.scenario).toEqual(s);
      expect(d.version).toBe(1);
      expect(d.view).toBeUndefined();
    }
  });

  it('round-trips the NetworkPolicies too (a Kubernetes policy travels as its manifest)', async () => {
    const deny = validatePolicyText(DEFAULT_DENY_INGRESS.replace('podSelector: {}', 'podSelector: { matchLabels: { app: web } }'));
    if (!deny.ok) throw new Error('bad example');
    const s = withPolicies(loadDefault().scenario, [deny.record]);
    for (const hash of [shareHash(s), await encodeMoment(base({ scenario: s }))]) {
      const d = await decodeShareHash(hash);
      expect(d.kind === 'error' ? d.errors : d.kind).toBe('ok');
      if (d.kind === 'ok') expect(d.lab.scenario.cluster.networkPolicies).toEqual([deny.record]);
    }
  });

  it('uses only base64url characters', () => {
    expect(encodeScenario(loadDefault().scenario)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('reads no link from an empty or unrelated hash', async () => {
    expect((await decodeShareHash('')).kind).toBe('none');
    expect((await decodeShareHash('#trace')).kind).toBe('none');
  });

  it('explains a link that is not base64url, not JSON, or not a valid scenario', async () => {
    expect((await problem('#scenario=%%%')).text).toMatch(/could not be decoded.*not base64url/);
    expect((await problem(`#scenario=${btoa('not json')}`)).text).toMatch(/could not be decoded/);
    const wrong = { ...loadDefault().scenario, apiVersion: 'v0' };
    expect(await problem(`#scenario=${encodeScenario(wrong as never)}`)).toMatchObject({ problem: 'invalid', text: expect.stringMatching(/apiVersion/) });
    const noNodes = { ...loadDefault().scenario, cluster: { ...loadDefault().scenario.cluster, nodes: [] } };
    expect((await problem(`#scenario=${encodeScenario(noNodes as never)}`)).text).toMatch(/at least one node/);
  });
});

describe('share links, v2 (#v=2&s=…)', () => {
  const pods = loadDefault()
    .lab.cluster.pods.filter((p) => p.ip && !p.hostNetwork)
    .map((p) => p.name);
  const namespaces = Object.keys(loadDefault().lab.cluster.netns);
  const probe = fc.record(
    {
      from: fc.constantFrom(...pods),
      to: fc.constantFrom(...pods, '10.96.0.10', 'web', 'nowhere.example'),
      protocol: fc.constantFrom(...PROTOCOLS.map((p) => p.value)),
      size: fc.integer({ min: 0, max: 9000 }),
      df: fc.boolean(),
    },
    { requiredKeys: ['from', 'to', 'protocol'] },
  );
  const form = fc.record({
    from: fc.constantFrom('', ...pods),
    to: fc.option(fc.string({ maxLength: 40 }), { nil: null }),
    protocol: fc.constantFrom(...PROTOCOLS.map((p) => p.value)),
    qtype: fc.constantFrom(...QTYPES),
    size: fc.string({ maxLength: 6 }),
    port: fc.string({ maxLength: 5 }),
    df: fc.boolean(),
  });
  const moment = fc.record({
    probe: fc.option(probe, { nil: null }),
    form,
    cursor: fc.nat(60),
    selected: fc.option(fc.constantFrom(...namespaces), { nil: null }),
    drawerTab: fc.constantFrom(...TABS),
    drawerOpen: fc.boolean(),
    drawerTall: fc.boolean(),
    presenter: fc.boolean(),
  });

  it('round-trips any probe, form, cursor, selection and panel', async () => {
    await fc.assert(
      fc.asyncProperty(moment, async (m) => {
        const hash = await encodeMoment(base(m));
        expect(hash).toMatch(/^#v=2&s=[A-Za-z0-9_-]+$/);
        const d = await decodeShareHash(hash);
        if (d.kind !== 'ok') throw new Error(d.kind === 'error' ? d.errors.join('; ') : 'none');
        expect(d.version).toBe(2);
        expect(d.lab.scenario).toEqual(loadDefault().scenario);
        expect(d.view).toEqual(m);
      }),
      { numRuns: 60 },
    );
  });

  it('restores the moment on the lab page: the same trace, paused at the same hop, the same panel', async () => {
    const st = useLabStore.getState();
    st.loadScenario(loadDefault().scenario, null);
    st.setSendForm({ from: 'client', to: 'web-1', size: '1400', df: true });
    st.send({ from: 'client', to: 'web-1', protocol: 'icmp', size: 1400, df: true });
    st.seek(3);
    st.select('node2');
    useLabStore.setState({ drawerTab: 'flows', drawerOpen: true, drawerTall: true });
    st.setPresenter(true);
    const before = useLabStore.getState();
    const hash = await encodeMoment(momentOf(before));
    // elsewhere: another lab on screen
    st.loadScenario(loadSample('calico-bgp').scenario, null);
    st.setPresenter(false);
    const d = await decodeShareHash(hash);
    if (d.kind !== 'ok') throw new Error('the link did not decode');
    expect(applyLink(d.lab, d.view)).toEqual([]);
    const after = useLabStore.getState();
    expect(after.scenario).toEqual(before.scenario);
    expect(after.trace).toEqual(before.trace);
    expect(after.probe).toEqual(before.probe);
    expect(after.sendForm).toEqual(before.sendForm);
    expect(before.selected).toBe('node2');
    expect([after.cursor, after.playing, after.selected]).toEqual([3, false, 'node2']);
    expect([after.drawerTab, after.drawerOpen, after.drawerTall, after.presenter]).toEqual(['flows', true, true, true]);
    st.setPresenter(false);
  });

  it('says so when the re-run probe differs from where the link was made', async () => {
    const hash = await encodeMoment(
      base({ probe: { from: 'client', to: 'web-1', protocol: 'icmp' }, cursor: 99, check: { verdict: 'dropped', reason: 'X', hops: 120 } }),
    );
    const d = await decodeShareHash(hash);
    if (d.kind !== 'ok') throw new Error('the link did not decode');
    const notes = applyLink(d.lab, d.view);
    expect(notes.join('\n')).toMatch(/points at hop 100/);
    expect(notes.join('\n')).toMatch(/gave dropped \(X, 120 hops\).*gives delivered/);
    expect(useLabStore.getState().cursor).toBe(useLabStore.getState().playback!.hops.length - 1);
  });

  it('refuses a link from a newer podpath, naming both versions', async () => {
    expect(await problem(await packed({ anything: 1 }, 3))).toEqual({
      problem: 'newer',
      text: 'the link was made by a newer podpath (v3); this one reads up to v2',
    });
    expect((await problem('#v=17')).text).toMatch(/newer podpath \(v17\)/);
  });

  it('names what is wrong with a corrupt or cut-off link', async () => {
    const good = await encodeMoment(base({ probe: { from: 'client', to: 'web-1', protocol: 'icmp' } }));
    expect((await problem(good.slice(0, Math.floor(good.length * 0.6)))).text).toMatch(/cut short/);
    expect((await problem(good.slice(0, 12) + '!' + good.slice(13))).text).toMatch(/not base64url \("!" at position 6\)/);
    expect((await problem('#v=2')).text).toMatch(/no data/);
    expect((await problem('#v=two&s=abc')).text).toMatch(/version "v=two" is not a number/);
    expect((await problem('#v=0&s=abc')).text).toMatch(/never wrote/);
    expect((await problem(`#v=2&s=${toBase64Url(await deflate(new TextEncoder().encode('{nope')))}`)).text).toMatch(/could not be decoded/);
  });

  it('validates the envelope and the scenario in it before use', async () => {
    const scenario = loadDefault().scenario;
    expect((await problem(await packed({ scenario, cursor: -1 }))).text).toMatch(/^link cursor: /);
    expect((await problem(await packed({ scenario, drawerTab: 'nope' }))).text).toMatch(/^link drawerTab: /);
    expect((await problem(await packed({ scenario, probe: { from: 'a', to: 'b', protocol: 'smtp' } }))).text).toMatch(/^link probe\.protocol: /);
    expect((await problem(await packed({ scenario, extra: true }))).text).toMatch(/extra/);
    expect((await problem(await packed({ scenario, selected: 'ns-nowhere' }))).text).toMatch(/"ns-nowhere" is not a namespace/);
    expect((await problem(await packed({ scenario: { ...scenario, apiVersion: 'v0' } }))).text).toMatch(/apiVersion/);
    expect((await problem(await packed([1, 2]))).problem).toBe('invalid');
  });

  it('refuses an oversized link and a deflate bomb, whole', async () => {
    const long = `#v=2&s=${'A'.repeat(MAX_HASH_CHARS)}`;
    expect(await problem(long)).toMatchObject({ problem: 'too-large', text: expect.stringMatching(/up to 64 KiB/) });
    // 4 MiB of spaces deflates to a few KiB: a short link that would expand without the cap
    const bomb = await packed(' '.repeat(4 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(MAX_HASH_CHARS);
    expect(await problem(bomb)).toMatchObject({ problem: 'too-large', text: expect.stringMatching(/expands to more than 1 MiB/) });
  });

  it('refuses a link with more nodes than the lab builds, before building it', async () => {
    const scenario = loadDefault().scenario;
    const nodes = Array.from({ length: 251 }, (_, i) => ({
      ...scenario.cluster.nodes[0],
      name: `n${i}`,
      ip: `192.168.${1 + Math.floor(i / 200)}.${10 + (i % 200)}`,
    }));
    const big = { ...scenario, cluster: { ...scenario.cluster, nodes, pods: [] }, probes: [] };
    expect(await problem(await packed({ scenario: big }))).toMatchObject({
      problem: 'too-large',
      text: expect.stringMatching(/251 nodes are more than the lab builds/),
    });
  });
});
