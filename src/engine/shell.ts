/**
 * What the page needs before the engine itself arrives: address and header arithmetic, the
 * names of the modelled shapes and modes, trace reason texts and scenario error formatting.
 * Nothing here builds a cluster or walks a packet, so the page's first load can paint the
 * top bar and the canvas frame while the datapath (index.ts, loaded on demand) downloads.
 * shell.test.ts follows the imports and fails if this face reaches the datapath.
 */
export * from './wire';
export {
  CNI_MODES,
  PROBE_PROTOCOLS,
  MAX_PROBE_PAYLOAD,
  MAX_PODS_PER_NODE,
  TRACEROUTE_DATA_BYTES,
  MODELLED_SHAPES,
  MODELLED_PROXY_MODES,
  SHAPE_PROXY_MODES,
} from './model/shapes';
export { formatScenarioError } from './model/scenario-error';
export { REASONS, reasonText } from './model/reasons';
export { faultKey } from './faults/fault-key';
export { mtuLimitText } from './model/mtu-limit';
