import { memo, useId, useState } from 'react';
import { useLabStore } from '../store/lab-store';
import { MTU_ROWS_FOLDED, nodesShown } from './mtu-rows';
import './mtu-settings.css';

const MTUS = [1280, 1400, 1450, 1500, 8950, 9000];

function withCurrent(list: number[], cur: number): number[] {
  return list.includes(cur) ? list : [...list, cur].sort((a, b) => a - b);
}

const NodeMtuRow = memo(function NodeMtuRow({ id, name, mtu }: { id: string; name: string; mtu: number }) {
  return (
    <div className="mtu-settings__row">
      <label htmlFor={id}>{name} NIC MTU</label>
      <select id={id} value={mtu} onChange={(e) => useLabStore.getState().setNodeMtu(name, Number(e.target.value))}>
        {withCurrent(MTUS, mtu).map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
    </div>
  );
});

/** Scenario edits: the pod MTU the CNI hands out and each node's underlay (NIC) MTU. Memoised: the faults panel re-renders on every toggle. */
export const MtuSettings = memo(function MtuSettings() {
  const podMtu = useLabStore((s) => s.scenario.cluster.podMTU);
  const underlay = useLabStore((s) => s.scenario.cluster.underlayMTU);
  const nodes = useLabStore((s) => s.scenario.cluster.nodes);
  const [all, setAll] = useState(false);
  const id = useId();
  const shown = nodesShown(nodes, all);
  const folds = nodes.length > MTU_ROWS_FOLDED;
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
      <div id={`${id}-nodes`} className="mtu-settings__nodes">
        {shown.map((n) => (
          <NodeMtuRow key={n.name} id={`${id}-${n.name}`} name={n.name} mtu={n.mtu ?? underlay} />
        ))}
      </div>
      {folds && (
        <button type="button" className="btn btn--ghost btn--small" aria-expanded={all} aria-controls={`${id}-nodes`} onClick={() => setAll(!all)}>
          {all ? `Show only the first ${MTU_ROWS_FOLDED} nodes and those set` : `Show all ${nodes.length} nodes`}
        </button>
      )}
    </fieldset>
  );
});
