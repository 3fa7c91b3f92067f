/** The study engine's core: scenarios of content, a step's world, goals and predictions. */
export { labOfSource, scenarioOfSource, type Samples } from './scenario';
export { emptyWorld, applyAction, applyActions, probeOfCommandTrace } from './world';
export { checkGoal, probeMatches, fateMatches, type GoalCheck } from './goals';
export { predictionKey, gradePrediction, decidingNetns, type PredictionGrade } from './predict';
export { runSolution, walkLesson, setupKey, type SolutionRun, type StepRun } from './solution';
