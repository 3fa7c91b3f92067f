/** PLACEHOLDER being replaced by the walk (in progress). */
import type { Cluster } from '../model/datapath';
import type { KernelState } from '../model/kernel-state';
import type { ProbeSpec } from '../model/scenario-schema';
import type { Trace } from './types';

export function runProbeOn(_c: Cluster, _k: KernelState, _p: ProbeSpec): { trace: Trace; kernel: KernelState } {
  throw new Error('walk not implemented yet');
}
