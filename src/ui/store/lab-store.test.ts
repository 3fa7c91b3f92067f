import '../test-engine';
import { beforeEach, describe, expect, it } from 'vitest';
import { useLabStore } from './lab-store';
import { loadDefault, loadSample } from './scenarios';
import { hasFault } from './scenario-edits';

const st = () => useLabStore.getState();
const cross = { from: 'client', to: 'web-1', protocol: 'icmp', size: 56 } as const;

describe('lab store', () => {
  beforeEach(() => st().loadScenario(loadDefault().scenario, 'flannel-vxlan'));

  it('opens on the default lab with a pod selected and nothing sent', () => {
    expect(st().lab.cluster.mode).toBe('vxlan');
    expect(st().trace).toBeNull();
    expect(st().selected).toBe('pod:default/client');
  });

  it('send runs the engine, starts playback at hop 0 and logs the flow', () => {
    const before = st().flows.length;
    st().send(cross);
    expect(st().trace?.verdict).toBe('delivered');
    expect(st()).toMatchObject({ cursor: 0, playing: true });
    expect(st().flows).toHaveLength(before + 1);
    expect(st().flows.at(-1)).toMatchObject({ verdict: 'delivered', reason: 'DELIVERED', source: 'form' });
  });

  it('steps, seeks and stops at the ends', () => {
    st().send(cross);
    const n = st().trace!.hops.length;
    st().stepBack();
    expect(st()).toMatchObject({ cursor: 0, playing: false });
    st().stepForward();
    st().stepForward();
    expect(st().cursor).toBe(2);
    st().seek(10_000);
    expect(st().cursor).toBe(n - 1);
    st().play(); // at the end: restarts from the first hop
    expect(st()).toMatchObject({ cursor: 0, playing: true });
    for (let i = 0; i < n + 3; i++) st().tick();
    expect(st()).toMatchObject({ cursor: n - 1, playing: false });
  });

  it('toggling a fault rebuilds the lab and re-runs the last probe', () => {
    st().send(cross);
    const fault = { type: 'block', node: 'node2', protocol: 'udp', port: 8472, chain: 'INPUT' } as const;
    st().toggleFault(fault, true);
    expect(hasFault(st().scenario, fault)).toBe(true);
    expect(st().lab.faults[0]).toMatchObject({ applied: true });
    expect(st().trace?.verdict).toBe('dropped');
    expect(st().flows.at(-1)?.source).toBe('fault');
    st().toggleFault(fault, false);
    expect(st().trace?.verdict).toBe('delivered');
  });

  it('pod MTU 1500 on VXLAN: a 1472-byte DF ping is rejected with fragmentation needed (mtu 1450)', () => {
    st().setPodMtu(1500);
    st().send({ ...cross, size: 1472, df: true });
    expect(st().trace).toMatchObject({ verdict: 'rejected', reason: 'FRAG_NEEDED', icmp: { mtu: 1450 } });
  });

  it('switching mode rebuilds the lab under the other shape', () => {
    st().setShape('flannel', 'host-gw');
    expect(st().lab.cluster.mode).toBe('host-gw');
    expect(st().scenario.cluster.mode).toBe('host-gw');
  });

  it('refuses an edit the engine cannot build and says why, keeping the lab', () => {
    const lab = st().lab;
    // a mode the schema knows and no program models
    st().setShape('flannel', 'no-such-mode');
    expect(st().lab).toBe(lab);
    expect(st().banner?.kind).toBe('error');
    expect(st().banner?.details.join(' ')).toMatch(/not modelled/);
  });

  it('keeps an engine exception out of React: the probe shows an error instead', () => {
    st().send({ from: 'client', to: 'no-such-pod', protocol: 'icmp' });
    expect(st().trace === null ? st().probeError : st().trace?.reason).toBeTruthy();
  });

  it('selecting with the terminal in front moves the terminal', () => {
    st().openTerminal('node1');
    st().select('pod:default/web-1');
    expect(st()).toMatchObject({ terminalTarget: 'pod:default/web-1', drawerTab: 'terminal' });
    st().openDrawer('flows');
    st().select('node2');
    expect(st()).toMatchObject({ selected: 'node2', drawerTab: 'details' });
  });

  it('plays a lookup first: the cursor walks the DNS queries, then the connection', () => {
    st().loadScenario(loadSample('services-dns').scenario, 'services-dns');
    st().send({ from: 'client', to: 'web.prod.svc.cluster.local:80', protocol: 'http' });
    const { trace, playback } = st();
    expect(trace?.verdict).toBe('delivered');
    const queryHops = trace!.lookup!.queries.reduce((n, q) => n + q.hops.length, 0);
    expect(playback!.hops).toHaveLength(queryHops + trace!.hops.length);
    st().seek(10_000);
    expect(st().cursor).toBe(queryHops + trace!.hops.length - 1);
    expect(playback!.hops[st().cursor]).toBe(trace!.hops.at(-1));
  });

  it('a failed lookup still plays its queries (no connection hops)', () => {
    const { scenario } = loadSample('services-dns');
    st().loadScenario({ ...scenario, faults: [{ type: 'coredns-scale', replicas: 0 }] }, 'services-dns');
    st().send({ from: 'client', to: 'web.prod.svc.cluster.local:80', protocol: 'http' });
    expect(st().trace).toMatchObject({ verdict: 'dropped', reason: 'DNS_UNREACHABLE', hops: [] });
    expect(st().playback!.hops.length).toBeGreaterThan(1);
    expect(st().playing).toBe(true);
  });

  it('switching kube-proxy rebuilds the lab in that mode and re-runs the last probe', () => {
    st().send(cross);
    st().setKubeProxy('ipvs');
    expect(st().scenario.cluster.kubeProxy).toBe('ipvs');
    expect(st().lab.cluster.proxy.mode).toBe('ipvs');
    expect(st().flows.at(-1)?.source).toBe('fault');
    st().setKubeProxy('nftables');
    expect(st().lab.cluster.proxy.mode).toBe('nftables');
  });

  it('remembers each scenario probe chip’s outcome; Run all runs them in order; a rebuild forgets them', () => {
    st().loadScenario(loadSample('services-dns').scenario, 'services-dns');
    const probes = st().scenario.probes;
    st().sendAllChips();
    expect(Object.keys(st().chipResults)).toHaveLength(probes.length);
    expect(st().probe).toBe(probes.at(-1));
    expect(st().chipResults[0]).toEqual({ verdict: 'delivered', reason: 'DELIVERED' });
    st().toggleFault({ type: 'coredns-scale', replicas: 0 }, true);
    // the last probe (a chip) ran again on the rebuilt lab; the others are unknown there
    expect(Object.keys(st().chipResults)).toEqual([String(probes.length - 1)]);
    st().sendChip(0);
    expect(st().chipResults[0]).toEqual({ verdict: 'dropped', reason: 'DNS_UNREACHABLE' });
  });
});
