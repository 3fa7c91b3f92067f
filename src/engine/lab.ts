/**
 * The Lab with scenario reading: lab-core.ts (createLab, runProbe…) plus building a Lab from
 * YAML/JSON text or an unknown object, validated by the schema. Engine code and tests import
 * this; the page imports lab-core through index.ts and loads io.ts only when it reads a file
 * or a link, so the validator and the YAML parser stay out of its first load.
 */
import { createLab, type LabResult } from './lab-core';
import { parseScenario, validateScenario } from './model/scenario';

export * from './lab-core';

export function labFromText(text: string): LabResult {
  const parsed = parseScenario(text);
  return parsed.ok ? createLab(parsed.scenario) : parsed;
}

export function labFromObject(data: unknown): LabResult {
  const parsed = validateScenario(data);
  return parsed.ok ? createLab(parsed.scenario) : parsed;
}
