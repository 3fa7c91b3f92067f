/**
 * The study pages other helpers write (learn-shared.md "Routes"), each React.lazy so none of
 * it is in the lab's first load. import.meta.glob lists the files that exist at build time:
 * a page not written yet shows Placeholder instead of breaking the build.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { Placeholder } from './Placeholder';

type PageModule = { default: ComponentType };

const found = import.meta.glob<PageModule>(['../study/cards/CardsPage.tsx', '../study/quiz/QuizPage.tsx', '../study/drills/DrillsPage.tsx']);

function page(path: string, title: string): LazyExoticComponent<ComponentType> | ComponentType {
  const load = found[path];
  return load ? lazy(load) : () => <Placeholder title={title} />;
}

export const CardsPage = page('../study/cards/CardsPage.tsx', 'Cards');
export const QuizPage = page('../study/quiz/QuizPage.tsx', 'Quiz');
export const DrillsPage = page('../study/drills/DrillsPage.tsx', 'Drills');
