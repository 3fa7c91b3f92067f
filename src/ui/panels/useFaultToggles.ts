/**
 * The faults the lab offers as toggles, in the faults panel's order: the engine's catalog aimed
 * at the lab without its faults (so a toggle keeps its place when its own edit removes what it
 * names: CoreDNS scaled to 0), its datapath group, then faults only the scenario file has, then
 * Services and DNS. The faults panel (FaultsPanel.tsx) and presenter mode's strip
 * (presenter/PresenterBar.tsx) both list exactly these.
 */
import { useMemo } from 'react';
import type { FaultResult, FaultSpec } from '../../engine';
import { engine } from '../store/engine-runtime';
import { useLabStore } from '../store/lab-store';
import { faultKey } from '../store/scenario-edits';

export interface FaultToggleOption {
  readonly key: string;
  readonly fault: FaultSpec;
  readonly label: string;
  readonly explain: string;
  readonly on: boolean;
  /** the faults panel's heading it sits under; the scenario file's own faults sit with the datapath */
  readonly group: 'datapath' | 'services';
  /** what applying it did, when it is on */
  readonly result?: FaultResult;
}

export function useFaultToggles(): readonly FaultToggleOption[] {
  const cluster = useLabStore((s) => s.lab.cluster);
  const scenario = useLabStore((s) => s.scenario);
  const results = useLabStore((s) => s.lab.faults);
  return useMemo(() => {
    const unbroken = scenario.faults.length === 0 ? null : engine().createLab({ ...scenario, faults: [] });
    const base = unbroken?.ok ? unbroken.lab.cluster : cluster;
    const catalog = engine().faultCatalog(base);
    const active = new Set(scenario.faults.map(faultKey));
    const resultOf = (k: string) => results.find((r) => faultKey(r.fault) === k);
    const offered = (o: (typeof catalog)[number]): FaultToggleOption => ({
      key: o.key,
      fault: o.fault,
      label: o.label,
      explain: o.explain,
      on: active.has(o.key),
      group: o.group === 'services' ? 'services' : 'datapath',
      result: resultOf(o.key),
    });
    const extras = engine()
      .extraFaults(scenario, catalog)
      .map((f): FaultToggleOption => {
        const k = faultKey(f);
        const result = resultOf(k);
        return { key: k, fault: f, label: result?.command ?? f.type, explain: 'From the scenario file.', on: true, group: 'datapath', result };
      });
    return [...catalog.filter((o) => o.group === 'datapath').map(offered), ...extras, ...catalog.filter((o) => o.group === 'services').map(offered)];
  }, [scenario, cluster, results]);
}
