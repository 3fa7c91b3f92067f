/**
 * The eBPF programs the CNI agents attach at tc, by name. Each CNI shape that uses tc
 * contributes its programs here; the hook (trace/tc-hooks.ts) finds them by the name the
 * agent attached (`ns.tc`).
 */
import type { Interface, Netns } from '../model/datapath';
import type { Ctx, DatapathPort, Frame, TcVerdict } from '../devices/port';
import { fromContainer, fromHost, fromNetdev, fromOverlay } from './cilium/datapath';
import { NP_EGRESS_PROG, NP_INGRESS_PROG, npHandleEgress, npHandleIngress } from './vpc/policy-agent';

export interface TcEnv {
  readonly w: DatapathPort;
  readonly ns: Netns;
  readonly dev: Interface;
  readonly dir: 'ingress' | 'egress';
  readonly frame: Frame;
  readonly ctx: Ctx;
}

export type TcProgramImpl = (env: TcEnv) => TcVerdict;

const PROGRAMS: Readonly<Record<string, TcProgramImpl>> = {
  cil_from_container: fromContainer,
  cil_from_overlay: fromOverlay,
  cil_from_host: fromHost,
  cil_from_netdev: fromNetdev,
  [NP_INGRESS_PROG]: npHandleIngress,
  [NP_EGRESS_PROG]: npHandleEgress,
};

export function tcProgram(name: string): TcProgramImpl | undefined {
  return PROGRAMS[name];
}
