/**
 * The lab page's state: the scenario being edited, the engine Lab built from it, the trace
 * being played and the playback cursor. Actions return new state (zustand `set`); every
 * networking answer comes from the engine (createLab, runProbe, runCommand).
 */
import { create } from 'zustand';
import { createLab, formatScenarioError, type FaultSpec, type Lab, type ProbeSpec, type Scenario, type Trace } from '../../engine';
import { safeRunProbe } from './probe-runner';
import { withFaultToggled, withFaultsFiltered, withNodeMtu, withPodMtu, withShape, type PodMtu } from './scenario-edits';
import type { FlowEntry, FlowSource } from './flow-log';
import { initialLab, type Banner } from './initial';

export type DrawerTab = 'details' | 'terminal' | 'compare' | 'flows';
export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;

export interface LabState {
  readonly scenario: Scenario;
  readonly lab: Lab;
  /** the sample the scenario came from (`null` once loaded from a share link) */
  readonly sampleId: string | null;
  readonly banner: Banner | null;
  readonly probe: ProbeSpec | null;
  readonly trace: Trace | null;
  readonly probeError: string | null;
  readonly cursor: number;
  readonly playing: boolean;
  readonly speed: number;
  /** the selected network namespace id (a pod, node, router or outside host) */
  readonly selected: string | null;
  readonly flows: readonly FlowEntry[];
  readonly drawerTab: DrawerTab;
  readonly drawerOpen: boolean;
  /** the drawer takes half the screen (long tables, the comparison) */
  readonly drawerTall: boolean;
  /** bumped whenever a new trace starts playing, so the canvas restarts its animation */
  readonly playId: number;
  /** the netns the terminal is open on */
  readonly terminalTarget: string | null;
}

export interface LabActions {
  loadScenario(scenario: Scenario, sampleId: string | null): void;
  setShape(cni: string, mode: string, keepFault?: (f: FaultSpec) => boolean): void;
  toggleFault(fault: FaultSpec, on: boolean): void;
  setPodMtu(mtu: PodMtu): void;
  setNodeMtu(node: string, mtu: number | undefined): void;
  resetLab(): void;
  send(probe: ProbeSpec, source?: FlowSource): void;
  /** a terminal command ran: keep the lab it left behind, log its probes, play the last one */
  commandRan(lab: Lab, runs: readonly { trace: Trace; probe: ProbeSpec }[]): void;
  setLab(lab: Lab): void;
  replayFlow(id: number): void;
  play(): void;
  pause(): void;
  stepForward(): void;
  stepBack(): void;
  seek(cursor: number): void;
  tick(): void;
  setSpeed(speed: number): void;
  select(netnsId: string | null): void;
  openDrawer(tab: DrawerTab): void;
  openTerminal(netnsId: string): void;
  toggleDrawer(): void;
  toggleDrawerTall(): void;
  showBanner(b: Banner | null): void;
}

export type LabStore = LabState & LabActions;

let flowSeq = 0;

/** The namespace shown in Details when nothing was picked yet: the first running pod. */
function firstPod(lab: Lab): string | null {
  return lab.cluster.pods.find((p) => p.ip && !p.hostNetwork)?.netns ?? lab.cluster.nodes[0]?.netns ?? null;
}

function isShellTarget(lab: Lab, id: string): boolean {
  return lab.cluster.nodes.some((n) => n.netns === id) || lab.cluster.pods.some((p) => p.netns === id && p.ip && !p.hostNetwork);
}

function flowOf(lab: Lab, probe: ProbeSpec, source: FlowSource, trace: Trace | null, error?: string): FlowEntry {
  flowSeq += 1;
  return {
    id: flowSeq,
    at: lab.kernel.now,
    source,
    probe,
    verdict: trace ? trace.verdict : 'error',
    reason: trace ? trace.reason : 'ENGINE_ERROR',
    trace,
    error,
  };
}

const MAX_FLOWS = 500;

export const useLabStore = create<LabStore>()((set, get) => {
  const initial = initialLab(typeof location === 'undefined' ? '' : location.hash);
  /** Runs `probe` on `lab` and returns the state slice that shows it. */
  function runSlice(lab: Lab, probe: ProbeSpec, source: FlowSource): Partial<LabState> {
    const r = safeRunProbe(lab, probe);
    const flows = [...get().flows, flowOf(lab, probe, source, r.ok ? r.trace : null, r.ok ? undefined : r.error)].slice(-MAX_FLOWS);
    if (!r.ok) return { lab: r.lab, probe, trace: null, probeError: r.error, cursor: 0, playing: false, flows };
    return { lab: r.lab, probe, trace: r.trace, probeError: null, cursor: 0, playing: r.trace.hops.length > 1, flows, playId: get().playId + 1 };
  }

  /** Rebuilds the lab from an edited scenario, then re-runs the last probe on it. */
  function rebuild(next: Scenario, what: string) {
    const built = createLab(next);
    if (!built.ok) {
      set({ banner: { kind: 'error', title: `${what} is not possible in this lab`, details: built.errors.map((e) => formatScenarioError(e)) } });
      return;
    }
    const { probe } = get();
    const base: Partial<LabState> = { scenario: next, lab: built.lab, banner: null };
    set(probe ? { ...base, ...runSlice(built.lab, probe, 'fault') } : { ...base, trace: null, probeError: null, cursor: 0, playing: false });
  }

  return {
    ...initial,
    probe: null,
    trace: null,
    probeError: null,
    cursor: 0,
    playing: false,
    speed: 1,
    selected: firstPod(initial.lab),
    flows: [],
    drawerTab: 'details',
    drawerOpen: true,
    drawerTall: false,
    playId: 0,
    terminalTarget: null,

    loadScenario(scenario, sampleId) {
      const built = createLab(scenario);
      if (!built.ok) {
        set({ banner: { kind: 'error', title: 'That scenario cannot be built', details: built.errors.map((e) => formatScenarioError(e)) } });
        return;
      }
      set({
        scenario,
        lab: built.lab,
        sampleId,
        banner: null,
        probe: null,
        trace: null,
        probeError: null,
        cursor: 0,
        playing: false,
        selected: firstPod(built.lab),
        terminalTarget: null,
      });
    },
    setShape(cni, mode, keepFault) {
      const s = withShape(get().scenario, cni, mode);
      rebuild(keepFault ? withFaultsFiltered(s, keepFault) : s, `${cni} ${mode}`);
    },
    toggleFault(fault, on) {
      rebuild(withFaultToggled(get().scenario, fault, on), 'That fault');
    },
    setPodMtu(mtu) {
      rebuild(withPodMtu(get().scenario, mtu), `Pod MTU ${mtu}`);
    },
    setNodeMtu(node, mtu) {
      rebuild(withNodeMtu(get().scenario, node, mtu), `MTU ${mtu ?? 'default'} on ${node}`);
    },
    resetLab() {
      rebuild(get().scenario, 'Resetting the lab');
    },
    send(probe, source = 'form') {
      set(runSlice(get().lab, probe, source));
    },
    commandRan(lab, runs) {
      const before = get().lab;
      const last = runs[runs.length - 1];
      if (!last) return set({ lab });
      const flows = [...get().flows, ...runs.map((r) => flowOf(before, r.probe, 'terminal', r.trace))].slice(-MAX_FLOWS);
      set({ lab, flows, trace: last.trace, probe: last.probe, probeError: null, cursor: 0, playing: last.trace.hops.length > 1, playId: get().playId + 1 });
    },
    setLab(lab) {
      set({ lab });
    },
    replayFlow(id) {
      const f = get().flows.find((x) => x.id === id);
      if (f?.trace) set({ trace: f.trace, probe: f.probe, probeError: null, cursor: 0, playing: f.trace.hops.length > 1, playId: get().playId + 1 });
    },
    play() {
      const { trace, cursor } = get();
      if (!trace || trace.hops.length === 0) return;
      const atEnd = cursor >= trace.hops.length - 1;
      set({ playing: true, cursor: atEnd ? 0 : cursor, playId: atEnd ? get().playId + 1 : get().playId });
    },
    pause() {
      set({ playing: false });
    },
    stepForward() {
      const { trace, cursor } = get();
      if (trace) set({ playing: false, cursor: Math.min(cursor + 1, trace.hops.length - 1) });
    },
    stepBack() {
      set({ playing: false, cursor: Math.max(get().cursor - 1, 0) });
    },
    seek(cursor) {
      const { trace } = get();
      if (trace) set({ playing: false, cursor: Math.max(0, Math.min(cursor, trace.hops.length - 1)) });
    },
    tick() {
      const { trace, cursor, playing } = get();
      if (!trace || !playing) return;
      const next = cursor + 1;
      set(next >= trace.hops.length - 1 ? { cursor: trace.hops.length - 1, playing: false } : { cursor: next });
    },
    setSpeed(speed) {
      set({ speed });
    },
    select(netnsId) {
      if (!netnsId) return set({ selected: null });
      // with the terminal in front, picking a pod or node moves the terminal there
      if (get().drawerTab === 'terminal' && get().drawerOpen && isShellTarget(get().lab, netnsId)) return set({ selected: netnsId, terminalTarget: netnsId });
      set({ selected: netnsId, drawerTab: 'details', drawerOpen: true });
    },
    openDrawer(tab) {
      set({ drawerTab: tab, drawerOpen: true });
    },
    openTerminal(netnsId) {
      set({ terminalTarget: netnsId, drawerTab: 'terminal', drawerOpen: true });
    },
    toggleDrawer() {
      set({ drawerOpen: !get().drawerOpen });
    },
    toggleDrawerTall() {
      set({ drawerTall: !get().drawerTall, drawerOpen: true });
    },
    showBanner(banner) {
      set({ banner });
    },
  };
});
