import { Brand } from './Brand';
import { useId, useMemo } from 'react';
import { MODELLED_SHAPES } from '../../engine/shell';
import { offeredProxyModes } from './proxy-modes';
import { useLabStore } from '../store/lab-store';
import { SAMPLE_IDS, loadSample } from '../store/scenarios';
import { errorText } from '../store/probe-runner';
import { ShareButton } from './ShareButton';
import { MainNav } from '../nav/MainNav';
import { PresenterButton } from '../presenter/PresenterButton';
import { ShortcutsButton } from '../keyboard/ShortcutsButton';

const CNI_LABEL: Record<string, string> = { flannel: 'Flannel', calico: 'Calico', cilium: 'Cilium', vpc: 'Cloud VPC' };
const MODE_LABEL: Record<string, string> = {
  vxlan: 'VXLAN',
  'host-gw': 'host-gw',
  ipip: 'IP-in-IP',
  wireguard: 'WireGuard',
  bgp: 'BGP',
  geneve: 'Geneve',
  native: 'native routing',
  'vxlan-crosssubnet': 'VXLAN CrossSubnet',
  'ipip-crosssubnet': 'IP-in-IP CrossSubnet',
  eni: 'ENI',
};
const PROXY_LABEL: Record<string, string> = { iptables: 'iptables', ipvs: 'IPVS', nftables: 'nftables', ebpf: 'eBPF', none: 'none' };

/**
 * Scenario picker, the CNI shape and its modes and the kube-proxy mode — exactly what the
 * engine models (MODELLED_SHAPES; the shape decides on eBPF), reset and share; presenter mode and
 * the keyboard shortcuts.
 */
export function TopBar() {
  const sampleId = useLabStore((s) => s.sampleId);
  const cni = useLabStore((s) => s.lab.cluster.cni);
  const mode = useLabStore((s) => s.lab.cluster.mode);
  const proxy = useLabStore((s) => s.scenario.cluster.kubeProxy);
  const name = useLabStore((s) => s.scenario.metadata.name);
  const scenario = useLabStore((s) => s.scenario);
  // kube-proxy's own modes, and the shape's own (Cilium's eBPF replacement)
  const proxyModes = useMemo(() => offeredProxyModes(scenario), [scenario]);
  const id = useId();
  const onScenario = (sid: string) => {
    try {
      useLabStore.getState().loadScenario(loadSample(sid).scenario, sid);
    } catch (e) {
      useLabStore.getState().showBanner({ kind: 'error', title: `The sample ${sid} could not be loaded`, details: [errorText(e)] });
    }
  };
  return (
    <header className="topbar">
      <div className="topbar__start">
        <Brand />
        <MainNav />
      </div>
      <div className="topbar__controls">
        <label htmlFor={`${id}-scn`}>Scenario</label>
        <select id={`${id}-scn`} value={sampleId ?? ''} onChange={(e) => onScenario(e.target.value)}>
          {sampleId === null && <option value="">{name} (shared link)</option>}
          {SAMPLE_IDS.map((sid) => (
            <option key={sid} value={sid}>
              {sid}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-cni`}>CNI</label>
        <select id={`${id}-cni`} value={cni} onChange={(e) => useLabStore.getState().setShape(e.target.value, MODELLED_SHAPES[e.target.value][0])}>
          {Object.keys(MODELLED_SHAPES).map((c) => (
            <option key={c} value={c}>
              {CNI_LABEL[c] ?? c}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-mode`}>Mode</label>
        <select id={`${id}-mode`} value={mode} onChange={(e) => useLabStore.getState().setShape(cni, e.target.value)}>
          {(MODELLED_SHAPES[cni] ?? []).map((m) => (
            <option key={m} value={m}>
              {MODE_LABEL[m] ?? m}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-proxy`}>kube-proxy</label>
        <select id={`${id}-proxy`} value={proxy} onChange={(e) => useLabStore.getState().setKubeProxy(e.target.value)}>
          {/* a scenario may run a mode this shape is not offered with: shown, not offered */}
          {!proxyModes.includes(proxy) && (
            <option value={proxy} disabled>
              {PROXY_LABEL[proxy] ?? proxy}
            </option>
          )}
          {proxyModes.map((m) => (
            <option key={m} value={m}>
              {PROXY_LABEL[m] ?? m}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn btn--ghost"
          onClick={() => useLabStore.getState().resetLab()}
          title="Rebuild the lab: forget learned path MTUs, ARP and conntrack"
        >
          Reset lab
        </button>
        <ShareButton />
        <PresenterButton />
        <ShortcutsButton />
      </div>
    </header>
  );
}
