import { lazy, Suspense, useEffect } from 'react';
import { App } from '../App';
import { useRoute } from './route';
import { StudyFrame } from './StudyFrame';
import { CardsPage, DrillsPage, QuizPage } from './pages';

// the lessons page and the lesson panel come with the study code, on demand
const LessonsPage = lazy(() => import('../lesson/LessonsPage'));
const LessonPanel = lazy(() => import('../lesson/LessonPanel'));

const TITLES: Record<string, string> = {
  lab: 'podpath — pod networking lab',
  lessons: 'Lessons — podpath',
  lesson: 'Lesson — podpath',
  drills: 'Drills — podpath',
  cards: 'Cards — podpath',
  quiz: 'Quiz — podpath',
  'not-found': 'Not found — podpath',
};

/**
 * The page for the route: the lab (with the lesson panel docked in it on a lesson step) or a
 * study page in its frame.
 */
export function Shell() {
  const route = useRoute();
  useEffect(() => {
    document.title = TITLES[route.page] ?? TITLES.lab;
  }, [route.page]);
  switch (route.page) {
    case 'lab':
      return <App />;
    case 'lesson':
      return (
        <App
          lessonPanel={
            <Suspense
              fallback={
                <p className="boot__status" role="status">
                  Loading the lesson…
                </p>
              }
            >
              <LessonPanel lessonId={route.lesson} stepId={route.step} />
            </Suspense>
          }
        />
      );
    case 'lessons':
      return (
        <StudyFrame area="The lessons">
          <LessonsPage />
        </StudyFrame>
      );
    case 'drills':
      return (
        <StudyFrame area="The drills">
          <DrillsPage />
        </StudyFrame>
      );
    case 'cards':
      return (
        <StudyFrame area="The cards">
          <CardsPage />
        </StudyFrame>
      );
    case 'quiz':
      return (
        <StudyFrame area="The quiz">
          <QuizPage />
        </StudyFrame>
      );
    default:
      return (
        <StudyFrame area="This page">
          <section aria-labelledby="nf-h">
            <h1 id="nf-h">Page not found</h1>
            <p>There is no page at {route.path}. The navigation above leads to the lab and the study pages.</p>
          </section>
        </StudyFrame>
      );
  }
}
