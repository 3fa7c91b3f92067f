/**
 * The shape of the lab page's state and its actions (lab-store.ts holds the implementation).
 * Kept apart so panels and tests can name the types without the store's code.
 */
import type { FaultSpec, Lab, ProbeSpec, Scenario, Trace } from '../../engine';
import type { Playback } from '../playback/flatten';
import type { FlowEntry, FlowSource } from './flow-log';

export type { FlowSource };
import type { Banner } from './initial';
import type { PodMtu } from './scenario-edits';
import type { CommandRunRecord } from '../../lessons/types';
import type { SendFormValues } from '../panels/send-form-values';

export type DrawerTab = 'details' | 'terminal' | 'policies' | 'compare' | 'flows' | 'scenario';
export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;

export interface LabState {
  readonly scenario: Scenario;
  readonly lab: Lab;
  /** the sample the scenario came from (`null` once loaded from a share link) */
  readonly sampleId: string | null;
  readonly banner: Banner | null;
  readonly probe: ProbeSpec | null;
  readonly trace: Trace | null;
  /** the trace as played: its DNS queries first, then the connection (playback/flatten.ts) */
  readonly playback: Playback | null;
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
  /** the last outcome of each scenario probe chip (by index), on the lab as it is now */
  readonly chipResults: Readonly<Record<number, ChipResult>>;
  /** the "What the lab simplifies" dialog: closed (null) or open, on an entry ('' for the top) */
  readonly simplifications: string | null;
  /** terminal command lines and their answers, oldest first (a lesson step's goals read them: src/ui/lesson) */
  readonly commands: readonly CommandRunRecord[];
  /** the incident drill (its seed) this lab is, if any: the faults panel and the share link stay hidden (src/ui/study/drills) */
  readonly drill?: number | null;
  /** presenter mode: large type, side panels folded, the trace revealed hop by hop (src/ui/presenter) */
  readonly presenter: boolean;
  /** predict first (the default): the verdict stays hidden until playback reaches the deciding hop; true shows it at once */
  readonly verdictAtOnce: boolean;
  /** "Show verdict now": the playback whose verdict the learner asked to see before its deciding hop (that trace only) */
  readonly verdictRevealed: Playback | null;
  /** the send form's fields as typed (panels/SendForm.tsx); a share link carries them */
  readonly sendForm: SendFormValues;
}

export interface ChipResult {
  readonly verdict: Trace['verdict'] | 'error';
  readonly reason: string;
}

export interface LabActions {
  loadScenario(scenario: Scenario, sampleId: string | null): void;
  setShape(cni: string, mode: string, keepFault?: (f: FaultSpec) => boolean): void;
  setKubeProxy(mode: string): void;
  /** replaces the scenario's NetworkPolicies (the Policies panel), rebuilds and re-runs the last probe */
  setPolicies(policies: Scenario['cluster']['networkPolicies']): void;
  /** the VPC CNI's network policy agent on or off (aws-node ENABLE_NETWORK_POLICY) */
  setVpcPolicyAgent(on: boolean): void;
  toggleFault(fault: FaultSpec, on: boolean): void;
  setPodMtu(mtu: PodMtu): void;
  setNodeMtu(node: string, mtu: number | undefined): void;
  resetLab(): void;
  /** every fault off at once (Reset lab keeps them: it only forgets what the kernels learned) */
  clearFaults(): void;
  send(probe: ProbeSpec, source?: FlowSource): void;
  /** runs scenario probe chip `index`; remembers its outcome beside the chip */
  sendChip(index: number): void;
  /** runs every scenario probe in order on the evolving lab (the runner's order), plays the last */
  sendAllChips(): void;
  /** a terminal command ran: keep the lab it left behind, log its probes, play the last one; `ran` is the line and its answer */
  commandRan(lab: Lab, runs: readonly { trace: Trace; probe: ProbeSpec }[], ran?: CommandRunRecord): void;
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
  showSimplifications(id?: string): void;
  hideSimplifications(): void;
  setPresenter(on: boolean): void;
  setVerdictAtOnce(on: boolean): void;
  /** shows the verdict of the playback on screen now (predict first skipped for this trace) */
  revealVerdict(): void;
  setSendForm(patch: Partial<SendFormValues>): void;
}

export type LabStore = LabState & LabActions;
