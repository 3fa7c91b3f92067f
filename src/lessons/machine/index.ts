export {
  lessonMachine,
  initialLessonContext,
  canLeave,
  canReach,
  isGated,
  type LessonMachine,
  type LessonContext,
  type LessonEvent,
  type PredictionGrade,
} from './lesson-machine';
