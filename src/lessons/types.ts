/**
 * The shapes of study content: lessons (steps + goals), study cards, quiz questions and
 * drills. Content is plain data; goals are declarative predicates evaluated over what the
 * learner did (traces and command runs) and the engine's Lab — never over the DOM
 * (ARCHITECTURE.md "Lessons are data + machines").
 *
 * Everything here is pure TypeScript: no React, no DOM, no clock, no Math.random.
 */
import type { FaultSpec, HopKind, Lab, ProbeSpec, Trace, Verdict } from '../engine';

// ---------------------------------------------------------------------------------------------
// Curriculum: CKA / CKS domains (the CNCF curricula, cncf/curriculum on GitHub) and our topics
// ---------------------------------------------------------------------------------------------

export const DOMAINS = {
  'cka-architecture': { exam: 'CKA', title: 'Cluster Architecture, Installation & Configuration' },
  'cka-workloads': { exam: 'CKA', title: 'Workloads & Scheduling' },
  'cka-networking': { exam: 'CKA', title: 'Services & Networking' },
  'cka-troubleshooting': { exam: 'CKA', title: 'Troubleshooting' },
  'cks-cluster-setup': { exam: 'CKS', title: 'Cluster Setup' },
  'cks-cluster-hardening': { exam: 'CKS', title: 'Cluster Hardening' },
  'cks-system-hardening': { exam: 'CKS', title: 'System Hardening' },
  'cks-microservices': { exam: 'CKS', title: 'Minimize Microservice Vulnerabilities' },
  'cks-runtime': { exam: 'CKS', title: 'Monitoring, Logging & Runtime Security' },
} as const;
export type DomainId = keyof typeof DOMAINS;

export const TOPICS = {
  model: 'The Kubernetes network model',
  cni: 'CNI: who does what',
  'same-node': 'Same-node pod traffic',
  'cross-node': 'Cross-node: overlay, routed, cloud',
  mtu: 'MTU and PMTUD',
  services: 'Services and kube-proxy',
  conntrack: 'Conntrack and NAT',
  dns: 'DNS and CoreDNS',
  policy: 'NetworkPolicy',
  ipam: 'IPAM and address exhaustion',
  egress: 'Egress, SNAT and hairpin',
  hostnetwork: 'hostNetwork pods',
  bgp: 'BGP and routed CNIs',
  ebpf: 'eBPF datapaths',
  troubleshooting: 'Troubleshooting flow',
} as const;
export type TopicId = keyof typeof TOPICS;

/**
 * A section of a source document in ../shared/seeds (SEED_SECTIONS in seeds.ts lists them all):
 * `seed` is the file's three-digit prefix, `section` the heading as it appears there.
 */
export interface SeedRef {
  readonly seed: '000' | '001' | '002' | '003' | '004';
  readonly section: string;
}

// ---------------------------------------------------------------------------------------------
// Where a piece of content points in the lab
// ---------------------------------------------------------------------------------------------

/**
 * A link into the lab state that shows an answer live: a lesson step, or a sample scenario
 * (public/scenarios/<name>.yaml) with optional faults and a probe to send on opening.
 */
export type LabLink =
  | { readonly kind: 'lesson'; readonly lesson: string; readonly step: string }
  | { readonly kind: 'scenario'; readonly scenario: string; readonly faults?: readonly FaultSpec[]; readonly probe?: ProbeSpec };

/**
 * A scenario as content carries it: either a sample's name (public/scenarios/<name>.yaml) or
 * the scenario document itself (the schema's input form, validated when the content loads).
 */
export type ScenarioSource = { readonly sample: string } | { readonly inline: unknown };

// ---------------------------------------------------------------------------------------------
// What a learner did, and goals over it
// ---------------------------------------------------------------------------------------------

/** One probe the learner sent (form, chip or terminal) and its trace. */
export interface ProbeRunRecord {
  readonly probe: ProbeSpec;
  readonly trace: Trace;
}

/** One terminal command line and what it answered. */
export interface CommandRunRecord {
  /** a node name or a pod name (`ns/pod` or `pod`), as the terminal's target */
  readonly where: string;
  readonly line: string;
  readonly exitCode: number;
  readonly output: string;
}

/** What a goal is checked against: the lab as it is now and what happened since the step began. */
export interface StepWorld {
  readonly lab: Lab;
  readonly probes: readonly ProbeRunRecord[];
  readonly commands: readonly CommandRunRecord[];
}

/** Matches a probe by its fields; unset fields match anything. `to` matches the probe's `to` or the trace's destination address. */
export interface ProbeMatch {
  readonly from?: string;
  readonly to?: string;
  readonly protocol?: ProbeSpec['protocol'];
  /** the probe's payload size is at least this */
  readonly minSize?: number;
  readonly df?: boolean;
}

/** A trace's fate: verdict, reason (model/reasons.ts key) and where it was decided. */
export interface FateMatch {
  readonly verdict?: Verdict;
  readonly reason?: string;
  /** the netns id (model/ids.ts) of the deciding (last) hop */
  readonly at?: string;
  /** some hop is of this kind (model/trace.ts HopKind: 'encap', 'nat', 'filter', 'bridge'…) */
  readonly throughKind?: HopKind;
}

export type Goal =
  /** a probe the learner sent matches `probe` and its trace matches `fate` */
  | { readonly kind: 'sent'; readonly probe: ProbeMatch; readonly fate?: FateMatch; readonly text: string }
  /** `probe` run now on a copy of the lab (the learner's kernel state) ends as `fate`: a repair holds */
  | { readonly kind: 'reach'; readonly probe: ProbeSpec; readonly fate: FateMatch; readonly text: string }
  /** a command the learner ran matches `pattern` (a RegExp source) with exit code 0, optionally at `where` */
  | { readonly kind: 'ran'; readonly pattern: string; readonly where?: string; readonly text: string }
  | { readonly kind: 'all'; readonly goals: readonly Goal[]; readonly text: string }
  | { readonly kind: 'any'; readonly goals: readonly Goal[]; readonly text: string };

/** A learner's committed prediction of a trace's fate. */
export interface Prediction {
  readonly verdict: Verdict;
  /** where it ends (a netns id from the choices), for dropped and rejected */
  readonly at?: string;
  /** why (a reason key from the choices), for dropped and rejected */
  readonly reason?: string;
}

/** The answer key of a predict step: computed by running the probe on the engine, never typed in. */
export interface PredictionKey {
  readonly verdict: Verdict;
  readonly at: string;
  readonly reason: string;
  readonly trace: Trace;
}

// ---------------------------------------------------------------------------------------------
// Lessons
// ---------------------------------------------------------------------------------------------

/** One thing a solution does, in order. */
export type SolutionAction =
  | { readonly do: 'probe'; readonly probe: ProbeSpec }
  /** `stdin`: what the command reads on standard input (the body of a heredoc, e.g. `kubectl apply -f -`) */
  | { readonly do: 'command'; readonly where: string; readonly line: string; readonly stdin?: string }
  | { readonly do: 'predict'; readonly prediction: Prediction };

interface StepBase {
  readonly id: string;
  readonly title: string;
  /** short paragraphs (blank-line separated); `code` spans in backticks */
  readonly body: string;
  readonly seeds?: readonly SeedRef[];
  /** what the lab simplifies here, named where it applies */
  readonly simplification?: string;
  /** this step's lab is another scenario than the lesson's (a side-by-side step: the same probe on another shape); later steps go back to the lesson's */
  readonly scenario?: ScenarioSource;
}

export type Step =
  | (StepBase & { readonly kind: 'explain'; readonly diagram?: { readonly highlight?: readonly string[] } })
  | (StepBase & { readonly kind: 'send'; readonly goal: Goal; readonly hint?: string; readonly solution: readonly SolutionAction[] })
  | (StepBase & {
      readonly kind: 'predict';
      readonly probe: ProbeSpec;
      /** where it could end: netns ids offered as choices (the key's must be among them) */
      readonly atChoices: readonly string[];
      /** why it could end: reason keys offered as choices (the key's must be among them) */
      readonly reasonChoices: readonly string[];
      readonly solution: readonly SolutionAction[];
    })
  | (StepBase & { readonly kind: 'investigate'; readonly goal: Goal; readonly hint?: string; readonly solution: readonly SolutionAction[] })
  | (StepBase & {
      readonly kind: 'fix';
      /** faults added to the lesson's scenario when this step begins */
      readonly faults: readonly FaultSpec[];
      readonly goal: Goal;
      readonly hint?: string;
      readonly solution: readonly SolutionAction[];
    });

export interface Lesson {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly topic: TopicId;
  readonly domains: readonly DomainId[];
  readonly minutes: number;
  readonly scenario: ScenarioSource;
  readonly steps: readonly Step[];
}

// ---------------------------------------------------------------------------------------------
// Study cards
// ---------------------------------------------------------------------------------------------

export interface Card {
  readonly id: string;
  readonly front: string;
  readonly back: string;
  readonly topic: TopicId;
  readonly domains: readonly DomainId[];
  /** the seed question this card carries over (SEED_QUESTIONS id in seeds.ts), if any */
  readonly seedQuestion?: string;
  readonly seeds?: readonly SeedRef[];
  readonly link: LabLink;
}

// ---------------------------------------------------------------------------------------------
// Quiz
// ---------------------------------------------------------------------------------------------

interface QuestionBase {
  readonly id: string;
  readonly domain: DomainId;
  readonly topic: TopicId;
  readonly prompt: string;
  readonly explanation: string;
  readonly link: LabLink;
  readonly seedQuestion?: string;
  readonly seeds?: readonly SeedRef[];
}

export type Question =
  | (QuestionBase & { readonly kind: 'choice'; readonly choices: readonly string[]; readonly answer: number })
  /** the answer key is the engine's trace of `probe` on `scenario` (+ faults) */
  | (QuestionBase & {
      readonly kind: 'predict';
      readonly scenario: ScenarioSource;
      readonly faults?: readonly FaultSpec[];
      readonly probe: ProbeSpec;
      readonly atChoices: readonly string[];
      readonly reasonChoices: readonly string[];
    })
  /** checked by running the learner's command at `where`: its output must contain `expect` (a RegExp source) */
  | (QuestionBase & {
      readonly kind: 'command';
      readonly scenario: ScenarioSource;
      readonly faults?: readonly FaultSpec[];
      readonly where: string;
      readonly expect: string;
      /** offered as picks; the learner may also type a command */
      readonly choices: readonly string[];
      /** a command that shows it (checked in CI) */
      readonly solution: string;
    })
  /** a broken scenario, a time limit, and a goal (usually `reach`) checked after the learner's commands */
  | (QuestionBase & {
      readonly kind: 'fix';
      readonly scenario: ScenarioSource;
      readonly faults: readonly FaultSpec[];
      readonly where: string;
      readonly seconds: number;
      readonly goal: Goal;
      readonly solution: readonly SolutionAction[];
    });
