// A guide: its article, with the exercises it discusses linked, and its routine as a table.
import { useQuery } from './api.js';
import { html, useMemo } from './html.js';
import { useLive } from './live.js';
import { SanitisedHtml } from './markup.js';
import { guideRequest } from './queries.js';
import { Failure, Loading, NotFound, exerciseHref, label, useTitle } from './ui.js';

const fold = (text) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** Wraps each bold mention of one of `exercises` by name in a link to it. */
function linkExercises(exercises) {
  const bySlug = new Map(exercises.map((exercise) => [fold(exercise.name), exercise.slug]));
  return (body) => {
    for (const strong of body.querySelectorAll('strong, b')) {
      const slug = bySlug.get(fold(strong.textContent));
      if (!slug || strong.closest('a')) continue;
      const link = strong.ownerDocument.createElement('a');
      link.href = exerciseHref(slug);
      strong.replaceWith(link);
      link.append(strong);
    }
  };
}

function amount(item) {
  const each = item.reps ? `${item.reps} reps`
    : item.holdSeconds ? `${item.holdSeconds} s hold` : '';
  return each ? `${item.sets} × ${each}` : `${item.sets} sets`;
}

function Routine({ routine }) {
  if (!routine.length) return null;
  return html`<section aria-labelledby="routine">
    <h2 id="routine">Routine</h2>
    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="routine">
      <table class="routine">
        <thead><tr><th scope="col">Day</th><th scope="col">Exercise</th>
          <th scope="col">Sets × reps or hold</th><th scope="col">Notes</th></tr></thead>
        <tbody>${routine.flatMap((day) => day.items.map((item, index) => html`<tr
            key=${`${day.day}:${index}`}>
          ${index === 0 && html`<th scope="rowgroup" rowspan=${day.items.length}>${day.day}</th>`}
          <td><a href=${exerciseHref(item.exercise.slug)}>${item.exercise.name}</a></td>
          <td>${amount(item)}</td><td>${item.notes ?? ''}</td></tr>`))}</tbody>
      </table>
    </div>
  </section>`;
}

export function GuidePage({ slug }) {
  const { generation } = useLive();
  const { data, error } = useQuery(...guideRequest(slug), { refresh: generation });
  const guide = data?.guide;
  useTitle(guide?.title ?? slug);
  const link = useMemo(() => linkExercises(guide?.exercises ?? []), [guide]);
  if (error) return html`<${Failure} error=${error} />`;
  if (!data) return html`<${Loading} what="Loading the guide" />`;
  if (!guide) return html`<${NotFound} kind="guide" slug=${slug} />`;
  return html`<article class="view guide" data-slug=${guide.slug}>
    <header class="page-head">
      <p class="kind-line">Guide · ${guide.readingTimeMinutes} min read</p>
      <h1>${guide.title}</h1>
      <p class="summary">${guide.summary}</p>
      ${guide.tags.length > 0 && html`<ul class="tags" aria-label="Tags">
        ${guide.tags.map((tag) => html`<li class="tag" key=${tag}>${label(tag)}</li>`)}</ul>`}
    </header>
    <div class="guide-layout">
      <${SanitisedHtml} source=${guide.bodyHtml} transform=${link} />
      <aside aria-labelledby="discussed">
        <h2 id="discussed">Exercises discussed</h2>
        <ol>${guide.exercises.map((exercise) => html`<li key=${exercise.slug}>
          <a href=${exerciseHref(exercise.slug)}>${exercise.name}</a></li>`)}</ol>
      </aside>
    </div>
    <${Routine} routine=${guide.routine} />
  </article>`;
}
