/** A fault's identity: its fields in a stable order, so the same edit toggles the same switch. */
import type { FaultSpec } from '../model/scenario-schema';

export function faultKey(f: FaultSpec): string {
  return JSON.stringify(Object.entries(f).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
