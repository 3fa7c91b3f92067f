/**
 * The engine's public face. Pure and deterministic: no DOM, no clock, no global randomness.
 * scenario (data) → build cluster → CNI programs tables → faults edit them → walk(probe) → Trace.
 * Reading scenario files and links (the zod schema, YAML) is the other face, io.ts.
 */
export * from './wire';
export type * from './model/datapath';
export type * from './model/kernel-state';
export type * from './model/k8s';
export type { Scenario, ClusterSpec, FaultSpec, ProbeSpec, PodSpec, CniName } from './model/scenario-schema';
export { CNI_MODES, PROBE_PROTOCOLS } from './model/shapes';
export { formatScenarioError, type ScenarioError } from './model/scenario-error';
export { MODELLED_SHAPES, MODELLED_PROXY_MODES } from './model/shapes';
export { buildCluster } from './cni/build';
export {
  topologyOf,
  deviceDetail,
  type Topology,
  type TopologyNode,
  type TopologyPod,
  type TopologyDevice,
  type TopologyTunnel,
  type TopologyPeering,
} from './cni/topology';
export { podNetnsId } from './model/ids';
export type { FaultResult } from './faults/apply';
export { faultCatalog, extraFaults, type FaultOption } from './faults/catalog';
export { faultKey } from './faults/fault-key';
export { createLab, runProbe, runScenarioProbes, type Lab, type LabResult, type ProbeRun } from './lab-core';
export { compareShapes as compareShapesOnEngine, type Shape, type ShapeComparison, type ProbeComparison } from './compare';
export { resolveEndpoint, ownerOf, type Endpoint } from './trace/endpoints';
export type * from './model/trace';
export type { DnsRecord, DnsRcode, DnsType } from './wire/app-data';
export { REASONS, reasonText, type Reason } from './model/reasons';
export { policyManifest, networkPolicyManifest } from './policy/manifest';
export { policyEnforcementText } from './cni/enforcement';
