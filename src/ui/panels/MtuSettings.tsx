import { useId } from 'react';
import { useLabStore } from '../store/lab-store';

const MTUS = [1280, 1400, 1450, 1500, 8950, 9000];

function withCurrent(list: number[], cur: number): number[] {
  return list.includes(cur) ? list : [...list, cur].sort((a, b) => a - b);
}

/** Scenario edits: the pod MTU the CNI hands out and each node's underlay (NIC) MTU. */
export function MtuSettings() {
  const podMtu = useLabStore((s) => s.scenario.cluster.podMTU);
  const underlay = useLabStore((s) => s.scenario.cluster.underlayMTU);
  const nodes = useLabStore((s) => s.scenario.cluster.nodes);
  const id = useId();
  return (
    <fieldset className="mtu-settings">
      <legend>MTU settings</legend>
      <label htmlFor={`${id}-pod`}>Pod MTU</label>
      <select
        id={`${id}-pod`}
        value={String(podMtu)}
        aria-describedby={`${id}-pod-x`}
        onChange={(e) => useLabStore.getState().setPodMtu(e.target.value === 'auto' ? 'auto' : Number(e.target.value))}
      >
        <option value="auto">auto (what the CNI sets)</option>
        {withCurrent(MTUS, podMtu === 'auto' ? 1500 : podMtu).map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      <p id={`${id}-pod-x`} className="fault__explain">
        A pod MTU above what the overlay carries is the classic misconfiguration.
      </p>
      {nodes.map((n) => (
        <div key={n.name} className="mtu-settings__row">
          <label htmlFor={`${id}-${n.name}`}>{n.name} NIC MTU</label>
          <select id={`${id}-${n.name}`} value={n.mtu ?? underlay} onChange={(e) => useLabStore.getState().setNodeMtu(n.name, Number(e.target.value))}>
            {withCurrent(MTUS, n.mtu ?? underlay).map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
      ))}
    </fieldset>
  );
}
