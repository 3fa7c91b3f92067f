/**
 * The CNI programs the engine models. The modelled shapes and modes the page offers
 * (model/shapes.ts MODELLED_SHAPES, kept apart so the first load needs no program) are
 * checked against this registry by registry.test.ts.
 */
import type { CniProgram } from './program';
import { FLANNEL } from './flannel/program';
import { CILIUM } from './cilium/program';
import { CALICO } from './calico/program';
import { VPC } from './vpc/program';

const PROGRAMS: Readonly<Record<string, CniProgram>> = { flannel: FLANNEL, calico: CALICO, cilium: CILIUM, vpc: VPC };

export function programFor(cni: string): CniProgram | undefined {
  return PROGRAMS[cni];
}

export function programs(): readonly CniProgram[] {
  return Object.values(PROGRAMS);
}
