// Small pieces shared by the views.
import { html, useEffect } from './html.js';

/** "INTERMEDIATE" → "Intermediate", "VERY_VIGOROUS" → "Very vigorous". */
export function label(value) {
  if (!value) return '';
  const words = value.replaceAll('_', ' ').replaceAll('-', ' ').toLowerCase();
  return words[0].toUpperCase() + words.slice(1);
}

/** "1 exercise", "2 exercises". */
export function plural(count, one, many = `${one}s`) {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

export function Loading({ what = 'Loading' }) {
  return html`<p class="loading" role="status">${what}…</p>`;
}

export function Failure({ error }) {
  return html`<p class="failure" role="alert">Could not load this: ${error.message}</p>`;
}

export function NotFound({ kind, slug }) {
  return html`<section class="view">
    <h1>No ${kind} “${slug}”</h1>
    <p>Nothing with that slug is served now. <a href="/">Search the library</a>.</p>
  </section>`;
}

/** Sets the document's title while a view shows. */
export function useTitle(title) {
  useEffect(() => {
    document.title = title ? `${title} · exgraph explorer` : 'exgraph explorer';
  }, [title]);
}

export const exerciseHref = (slug) => `/exercises/${encodeURIComponent(slug)}`;
export const muscleHref = (slug) => `/muscles/${encodeURIComponent(slug)}`;
export const guideHref = (slug) => `/guides/${encodeURIComponent(slug)}`;

/** Where a search result or suggestion leads. */
export function nodeHref(node) {
  const to = { Exercise: exerciseHref, Muscle: muscleHref, Guide: guideHref }[node.__typename];
  return to(node.slug);
}

/** Level, category and equipment of an exercise, as tags. */
export function ExerciseTags({ exercise }) {
  return html`<ul class="tags" aria-label="About">
    <li class=${`tag level-${exercise.level.toLowerCase()}`}>${label(exercise.level)}</li>
    <li class="tag">${label(exercise.category)}</li>
    ${exercise.equipment && html`<li class="tag">${exercise.equipment.name}</li>`}
  </ul>`;
}
