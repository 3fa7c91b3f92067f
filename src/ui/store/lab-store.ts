/**
 * The lab page's state: the scenario being edited, the engine Lab built from it, the trace
 * being played and the playback cursor. Actions return new state (zustand `set`); every
 * networking answer comes from the engine (createLab, runProbe, runCommand).
 */
import { createStore, useStore, type StoreApi } from 'zustand';
import type { Lab, ProbeSpec, Scenario } from '../../engine';
import type { LabEdit } from '../../engine/lab-core';
import { engine } from './engine-runtime';
import { formatScenarioError } from '../../engine/shell';
import { errorText, safeRunProbe } from './probe-runner';
import {
  adaptToShape,
  withFaultToggled,
  withFaultsFiltered,
  withKubeProxy,
  withNodeMtu,
  withPodMtu,
  withPolicies,
  withVpcPolicyAgent,
  withShape,
} from './scenario-edits';
import { initialLab, type Banner } from './initial';
import type { ChipResult, FlowSource, LabState, LabStore } from './lab-state';
import { chipIndex, firstPod, flowOf, getEditReplayer, isShellTarget, MAX_FLOWS, NOTHING_SHOWN, showing } from './lab-slices';

import { VERDICT_AT_ONCE_KEY } from '../playback/reveal';
import { DEFAULT_SEND_FORM } from '../panels/send-form-values';

export type { ChipResult, DrawerTab, LabActions, LabState, LabStore } from './lab-state';
export { SPEEDS } from './lab-state';
export { setEditReplayer } from './lab-slices';

const labStore = (set: StoreApi<LabStore>['setState'], get: StoreApi<LabStore>['getState']): LabStore => {
  const initial = initialLab();
  /** Runs `probe` on `lab` and returns the state slice that shows it. */
  function runSlice(lab: Lab, probe: ProbeSpec, source: FlowSource): Partial<LabState> {
    const r = safeRunProbe(lab, probe);
    const flows = [...get().flows, flowOf(lab, probe, source, r.ok ? r.trace : null, r.ok ? undefined : r.error)].slice(-MAX_FLOWS);
    if (!r.ok) return { lab: r.lab, probe, ...NOTHING_SHOWN, probeError: r.error, flows };
    return { lab: r.lab, probe, flows, ...showing(r.trace, get().playId) };
  }

  /** The chip results after `probe` ran with `slice` as its outcome (only for scenario probes). */
  function withChip(probe: ProbeSpec, slice: Partial<LabState>, results = get().chipResults): LabState['chipResults'] {
    const i = chipIndex(get().scenario, probe);
    if (i < 0) return results;
    const result: ChipResult = slice.trace ? { verdict: slice.trace.verdict, reason: slice.trace.reason } : { verdict: 'error', reason: 'ENGINE_ERROR' };
    return { ...results, [i]: result };
  }

  /** createLab, with an engine exception turned into an error (a half-built program must not blank the page). */
  function replayOn(next: Scenario, edits: readonly LabEdit[]): ReturnType<ReturnType<typeof engine>['createLab']> {
    try {
      return getEditReplayer()!(next, edits);
    } catch (e) {
      return { ok: false, errors: [{ path: 'engine', message: `the engine failed replaying the terminal's changes: ${errorText(e)}` }] };
    }
  }

  function tryCreateLab(next: Scenario): ReturnType<ReturnType<typeof engine>['createLab']> {
    try {
      return engine().createLab(next);
    } catch (e) {
      return { ok: false, errors: [{ path: 'engine', message: `the engine failed building this lab: ${errorText(e)}` }] };
    }
  }

  /**
   * Rebuilds the lab from an edited scenario, then re-runs the last probe on it; `note` becomes an
   * info banner. `keepEdits`: the terminal's repairs (ip, iptables, bridge…) are replayed on the
   * new lab, after its faults — nothing the learner typed is lost by toggling a fault.
   */
  function rebuild(next: Scenario, what: string, note?: Banner, keepEdits = false) {
    const edits = keepEdits ? (get().lab.edits ?? []) : [];
    const built = edits.length && getEditReplayer() ? replayOn(next, edits) : tryCreateLab(next);
    if (!built.ok) {
      set({ banner: { kind: 'error', title: `${what} is not possible in this lab`, details: built.errors.map((e) => formatScenarioError(e)) } });
      return;
    }
    const { probe } = get();
    // the chips' outcomes were on the old lab; a re-run probe keeps its chip's new outcome
    const base: Partial<LabState> = { scenario: next, lab: built.lab, banner: note ?? null, chipResults: {} };
    if (!probe) return set({ ...base, ...NOTHING_SHOWN });
    const slice = runSlice(built.lab, probe, 'fault');
    const i = get().scenario.probes.indexOf(probe);
    // the edited scenario holds the same probe objects, so the chip keeps its index
    const chipResults = i >= 0 && next.probes[i] === probe ? withChip(probe, slice, {}) : {};
    set({ ...base, ...slice, chipResults });
  }

  return {
    ...initial,
    probe: null,
    ...NOTHING_SHOWN,
    speed: 1,
    selected: firstPod(initial.lab),
    flows: [],
    drawerTab: 'details',
    drawerOpen: true,
    drawerTall: false,
    playId: 0,
    terminalTarget: null,
    chipResults: {},
    simplifications: null,
    commands: [],
    presenter: false,
    verdictAtOnce: storedVerdictAtOnce(),
    verdictRevealed: null,
    sendForm: DEFAULT_SEND_FORM,

    loadScenario(scenario, sampleId) {
      const built = tryCreateLab(scenario);
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
        ...NOTHING_SHOWN,
        selected: firstPod(built.lab),
        terminalTarget: null,
        chipResults: {},
        drill: null,
        // another scenario starts the send form afresh (its places and names are another cluster's)
        sendForm: DEFAULT_SEND_FORM,
      });
    },
    setShape(cni, mode, keepFault) {
      const shaped = withShape(get().scenario, cni, mode);
      const s = keepFault ? withFaultsFiltered(shaped, keepFault) : shaped;
      // keep what the new shape can build; drop only the fields the engine refused, and say so
      const first = tryCreateLab(s);
      if (!first.ok) {
        const adapted = adaptToShape(s, first.errors);
        if (adapted.dropped.length && tryCreateLab(adapted.scenario).ok)
          return rebuild(adapted.scenario, `${cni} ${mode}`, {
            kind: 'info',
            title: `Switched to ${cni} ${mode}; what this shape does not take was left out`,
            details: adapted.dropped,
          });
      }
      rebuild(s, `${cni} ${mode}`);
    },
    setKubeProxy(mode) {
      rebuild(withKubeProxy(get().scenario, mode), `kube-proxy in ${mode} mode`);
    },
    setPolicies(policies) {
      rebuild(withPolicies(get().scenario, policies), 'That policy change', undefined, true);
    },
    setVpcPolicyAgent(on) {
      rebuild(withVpcPolicyAgent(get().scenario, on), `The network policy agent ${on ? 'on' : 'off'}`, undefined, true);
    },
    toggleFault(fault, on) {
      rebuild(withFaultToggled(get().scenario, fault, on), 'That fault', undefined, true);
    },
    setPodMtu(mtu) {
      rebuild(withPodMtu(get().scenario, mtu), `Pod MTU ${mtu}`, undefined, true);
    },
    setNodeMtu(node, mtu) {
      rebuild(withNodeMtu(get().scenario, node, mtu), `MTU ${mtu ?? 'default'} on ${node}`, undefined, true);
    },
    clearFaults() {
      rebuild({ ...get().scenario, faults: [] }, 'Clearing the faults');
    },
    resetLab() {
      rebuild(get().scenario, 'Resetting the lab');
    },
    send(probe, source = 'form') {
      const slice = runSlice(get().lab, probe, source);
      set({ ...slice, chipResults: withChip(probe, slice) });
    },
    sendChip(index) {
      const probe = get().scenario.probes[index];
      if (probe) get().send(probe, 'form');
    },
    sendAllChips() {
      const { scenario } = get();
      let results = get().chipResults;
      let slice: Partial<LabState> = {};
      for (const probe of scenario.probes) {
        // each probe runs on the lab the previous one left behind, as the headless runner does
        slice = runSlice(get().lab, probe, 'form');
        results = withChip(probe, slice, results);
        set({ lab: slice.lab, flows: slice.flows });
      }
      if (scenario.probes.length) set({ ...slice, chipResults: results });
    },
    commandRan(lab, runs, ran) {
      const before = get().lab;
      const last = runs[runs.length - 1];
      const commands = ran ? [...get().commands, ran].slice(-MAX_FLOWS) : get().commands;
      // an API edit (kubectl apply, scale, a kube-proxy restart) changed the scenario itself: the page and its link follow
      const scenario = lab.scenario !== before.scenario ? { scenario: lab.scenario } : {};
      if (!last) return set({ lab, commands, ...scenario });
      const flows = [...get().flows, ...runs.map((r) => flowOf(before, r.probe, 'terminal', r.trace))].slice(-MAX_FLOWS);
      set({ lab, flows, commands, ...scenario, probe: last.probe, ...showing(last.trace, get().playId) });
    },
    setLab(lab) {
      set({ lab });
    },
    replayFlow(id) {
      const f = get().flows.find((x) => x.id === id);
      if (f?.trace) set({ probe: f.probe, ...showing(f.trace, get().playId) });
    },
    play() {
      const { playback: play, cursor } = get();
      if (!play || play.hops.length === 0) return;
      const atEnd = cursor >= play.hops.length - 1;
      set({ playing: true, cursor: atEnd ? 0 : cursor, playId: atEnd ? get().playId + 1 : get().playId });
    },
    pause() {
      set({ playing: false });
    },
    stepForward() {
      const { playback: play, cursor } = get();
      if (play) set({ playing: false, cursor: Math.max(0, Math.min(cursor + 1, play.hops.length - 1)) });
    },
    stepBack() {
      set({ playing: false, cursor: Math.max(get().cursor - 1, 0) });
    },
    seek(cursor) {
      const { playback: play } = get();
      if (play) set({ playing: false, cursor: Math.max(0, Math.min(cursor, play.hops.length - 1)) });
    },
    tick() {
      const { playback: play, cursor, playing } = get();
      if (!play || !playing) return;
      const next = cursor + 1;
      set(next >= play.hops.length - 1 ? { cursor: Math.max(0, play.hops.length - 1), playing: false } : { cursor: next });
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
    showSimplifications(id = '') {
      set({ simplifications: id, playing: false });
    },
    hideSimplifications() {
      set({ simplifications: null });
    },
    setPresenter(on) {
      set({ presenter: on });
    },
    setVerdictAtOnce(on) {
      set({ verdictAtOnce: on });
      try {
        localStorage.setItem(VERDICT_AT_ONCE_KEY, on ? '1' : '0');
      } catch {
        // storage full or blocked: the choice lasts for this visit only
      }
    },
    revealVerdict() {
      set({ verdictRevealed: get().playback });
    },
    setSendForm(patch) {
      set({ sendForm: { ...get().sendForm, ...patch } });
    },
  };
};

/** The learner's predict-first choice from an earlier visit (predict first when none, or no storage). */
function storedVerdictAtOnce(): boolean {
  try {
    return typeof localStorage !== 'undefined' && localStorage.getItem(VERDICT_AT_ONCE_KEY) === '1';
  } catch {
    return false;
  }
}

let store: StoreApi<LabStore> | null = null;

/**
 * Creates the store once the engine has loaded (its first state is a built lab). main.tsx
 * renders the lab page only after this; tests call it in src/ui/test-setup.ts.
 */
export function bootLabStore(): StoreApi<LabStore> {
  store ??= createStore<LabStore>()(labStore);
  return store;
}

function api(): StoreApi<LabStore> {
  if (!store) throw new Error('the lab store is used before the engine has loaded');
  return store;
}

interface LabStoreHook {
  <T>(selector: (s: LabStore) => T): T;
  getState(): LabStore;
  setState: StoreApi<LabStore>['setState'];
  subscribe: StoreApi<LabStore>['subscribe'];
}

/** The store as a React hook with zustand's `getState`/`setState`/`subscribe` beside it. */
export const useLabStore: LabStoreHook = Object.assign(<T>(selector: (s: LabStore) => T): T => useStore(api(), selector), {
  getState: () => api().getState(),
  setState: ((...a: Parameters<StoreApi<LabStore>['setState']>) => api().setState(...a)) as StoreApi<LabStore>['setState'],
  subscribe: (listener: Parameters<StoreApi<LabStore>['subscribe']>[0]) => api().subscribe(listener),
});
