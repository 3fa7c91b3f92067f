/**
 * The shapes of an incident drill: a sample scenario with one engine fault, shown to the
 * learner only as a ticket and a reachability matrix; graded on a diagnosis (layer,
 * component, root cause) and on the matrix re-run on the learner's lab.
 */
import type { FaultSpec, Lab, ProbeSpec, Scenario, Verdict } from '../../engine';

/** The fixed probe kinds of the matrix, in the order they are shown. */
export type ProbeKind = 'same-node' | 'cross-node' | 'service' | 'dns' | 'dns-external' | 'large-df' | 'large' | 'external' | 'nodeport';

export interface MatrixProbe {
  readonly kind: ProbeKind;
  /** what the operator tried, in their words ("client → web-1 (node2), ping") */
  readonly label: string;
  readonly probe: ProbeSpec;
}

export interface MatrixCell {
  readonly kind: ProbeKind;
  readonly label: string;
  readonly verdict: Verdict;
  /** model/reasons.ts key */
  readonly reason: string;
}

export type Matrix = readonly MatrixCell[];

export interface Diagnosis {
  readonly layer: string;
  readonly component: string;
  readonly rootCause: string;
}

/** One step of a repair: a terminal line, or a named remediation the terminal cannot do (a lab simplification). */
export type FixStep =
  | { readonly do: 'command'; readonly where: string; readonly line: string; /** what it reads on standard input (a heredoc) */ readonly stdin?: string }
  | { readonly do: 'remediate'; readonly id: string; readonly text: string; readonly simplification: string };

/** A remediation offered as a choice in the form: picking the right one removes the fault. */
export interface Remediation {
  readonly id: string;
  readonly text: string;
}

export interface Drill {
  readonly seed: number;
  /** the sample (public/scenarios/<id>.yaml) */
  readonly scenarioId: string;
  /** the sample with the fault added: what the lab loads */
  readonly scenario: Scenario;
  readonly fault: FaultSpec;
  /** the catalog's label and explanation, shown only after grading */
  readonly faultLabel: string;
  readonly faultExplain: string;
  /** the broken lab */
  readonly lab: Lab;
  readonly probes: readonly MatrixProbe[];
  /** the matrix on the sample without the fault: what "fixed" means */
  readonly healthy: Matrix;
  /** the matrix on the broken lab: the symptom */
  readonly before: Matrix;
  /** "10:02": when it started (from the seed) */
  readonly since: string;
  /** the ticket line, in an operator's words */
  readonly ticket: string;
  readonly truth: Diagnosis;
  /** remediation choices offered in the form (the right one among them when the fix needs one) */
  readonly remediations: readonly Remediation[];
}

export interface DrillSubmission extends Diagnosis {
  /** the id of a remediation the learner applied (Drill.remediations), if any */
  readonly remediation?: string;
}

export interface DrillGrade {
  /** 0..1: diagnosis parts and the repair */
  readonly score: number;
  readonly parts: { readonly layer: boolean; readonly component: boolean; readonly rootCause: boolean };
  readonly diagnosisCorrect: boolean;
  /** the matrix after equals the healthy one */
  readonly fixed: boolean;
  readonly after: Matrix;
  /** probes broken by the fault that work again, and probes that worked and broke since */
  readonly restored: number;
  readonly broken: number;
  readonly regressed: number;
  readonly shortest: readonly FixStep[];
}
