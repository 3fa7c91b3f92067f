import type { MouseEvent } from 'react';
import './nav.css';
import { navigate, useRoute, type Route } from './route';

const ITEMS: readonly { readonly label: string; readonly path: string; readonly pages: readonly Route['page'][] }[] = [
  { label: 'Lab', path: '/', pages: ['lab'] },
  { label: 'Lessons', path: '/lessons', pages: ['lessons', 'lesson'] },
  { label: 'Drills', path: '/drills', pages: ['drills'] },
  { label: 'Cards', path: '/cards', pages: ['cards'] },
  { label: 'Quiz', path: '/quiz', pages: ['quiz'] },
];

/** A plain left click navigates in the page; a modified click (new tab, new window) is the browser's. */
function onLink(e: MouseEvent<HTMLAnchorElement>, path: string): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(path);
}

/** The site's top-level navigation: the lab and the four study pages, each a URL of its own. */
export function MainNav() {
  const route = useRoute();
  return (
    <nav className="mainnav" aria-label="Main">
      <ul>
        {ITEMS.map((it) => {
          const here = it.pages.includes(route.page);
          return (
            <li key={it.path}>
              <a href={it.path} aria-current={here ? 'page' : undefined} onClick={(e) => onLink(e, it.path)}>
                {it.label}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export { onLink };
