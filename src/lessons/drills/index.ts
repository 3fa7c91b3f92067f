/** Incident drills: seeded faults shown as symptoms, graded on a diagnosis and a repair. */
export { createDrill, gradeDrill, shortestFix, matrixOn, repairs, remediationChoicesOf, normalSeed, DRILL_SCENARIOS, WEIGHTS } from './drill';
export { LAYERS, COMPONENTS, ROOT_CAUSES, truthOf, choiceText, type Choice } from './diagnosis';
export { applyFix, terminalPlan, remediationText, REMEDIATION_ONLY } from './fixes';
export { matrixProbes, runMatrix, matrixEquals, cellOk } from './matrix';
export type * from './types';
