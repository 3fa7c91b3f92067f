/**
 * The engine's second face: reading scenarios (YAML or JSON, validated by the zod schema with
 * errors that name the field and line). Kept apart from index.ts so the page's first load does
 * not carry the validator or the YAML parser; the page imports this when it reads a file or a link.
 */
export { scenarioSchema } from './model/scenario-schema';
export { parseScenario, validateScenario, type ScenarioResult } from './model/scenario';
export { labFromText, labFromObject } from './lab';
