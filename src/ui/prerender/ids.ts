/** The build's picture of the default lab: the template scripts/prerender.ts writes into index.html, and the element show.ts lays over the page. */
export const TEMPLATE_ID = 'prerendered-lab';
export const PICTURE_ID = 'prerendered-picture';
