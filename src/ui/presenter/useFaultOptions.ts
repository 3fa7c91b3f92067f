/**
 * The faults the faults panel offers (panels/FaultsPanel.tsx), as one flat list for presenter
 * mode's strip: the engine's catalog aimed at the lab without its faults (so a toggle keeps its
 * place when its own edit removes what it names), then faults only the scenario file has.
 */
import { useMemo } from 'react';
import type { FaultSpec } from '../../engine';
import { engine } from '../store/engine-runtime';
import { useLabStore } from '../store/lab-store';
import { faultKey } from '../store/scenario-edits';

export interface FaultOption {
  readonly key: string;
  readonly fault: FaultSpec;
  readonly label: string;
  readonly explain: string;
  readonly on: boolean;
}

export function useFaultOptions(): readonly FaultOption[] {
  const cluster = useLabStore((s) => s.lab.cluster);
  const scenario = useLabStore((s) => s.scenario);
  const results = useLabStore((s) => s.lab.faults);
  return useMemo(() => {
    const unbroken = scenario.faults.length === 0 ? null : engine().createLab({ ...scenario, faults: [] });
    const base = unbroken?.ok ? unbroken.lab.cluster : cluster;
    const catalog = engine().faultCatalog(base);
    const active = new Set(scenario.faults.map(faultKey));
    // the faults panel's order: the datapath group, the scenario's own extras, then Services and DNS
    const datapath = catalog.filter((o) => o.group === 'datapath');
    const services = catalog.filter((o) => o.group === 'services');
    const extras = engine()
      .extraFaults(scenario, catalog)
      .map((f): FaultOption => {
        const k = faultKey(f);
        return { key: k, fault: f, label: results.find((r) => faultKey(r.fault) === k)?.command ?? f.type, explain: 'From the scenario file.', on: true };
      });
    const offered = (o: (typeof catalog)[number]): FaultOption => ({ key: o.key, fault: o.fault, label: o.label, explain: o.explain, on: active.has(o.key) });
    return [...datapath.map(offered), ...extras, ...services.map(offered)];
  }, [scenario, cluster, results]);
}
