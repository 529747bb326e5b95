// A muscle group: its description and the exercises that work it, by role.
import { useQuery } from './api.js';
import { html, useState } from './html.js';
import { useLive } from './live.js';
import { SanitisedHtml } from './markup.js';
import { MUSCLE_PAGE_SIZE as PAGE_SIZE, muscleRequest } from './queries.js';
import {
  ExerciseTags, Failure, Loading, NotFound, exerciseHref, label, muscleHref, plural, useTitle,
} from './ui.js';


function ByRole({ id, title, hint, connection, onMore }) {
  return html`<section aria-labelledby=${id} class="by-role" data-role=${id}>
    <h2 id=${id}>${title} <span class="count">${connection.totalCount}</span></h2>
    <p class="hint">${hint}</p>
    ${connection.edges.length ? html`<ul class="exercise-list">
      ${connection.edges.map(({ node }) => html`<li key=${node.slug}>
        <a href=${exerciseHref(node.slug)}>${node.name}</a> <${ExerciseTags} exercise=${node} />
      </li>`)}</ul>` : html`<p class="empty">None.</p>`}
    ${connection.pageInfo.hasNextPage && html`<button type="button" onClick=${onMore}>
      Show more</button>`}
  </section>`;
}

export function MusclePage({ slug }) {
  const { generation } = useLive();
  const [sizes, setSizes] = useState({ primary: PAGE_SIZE, secondary: PAGE_SIZE });
  const { data, error } = useQuery(...muscleRequest(slug, sizes), { refresh: generation });
  const muscle = data?.muscle;
  useTitle(muscle?.name ?? slug);
  if (error) return html`<${Failure} error=${error} />`;
  if (!data) return html`<${Loading} what="Loading the muscle" />`;
  if (!muscle) return html`<${NotFound} kind="muscle" slug=${slug} />`;
  const more = (role) => () => setSizes((previous) => ({
    ...previous, [role]: Math.min(previous[role] + PAGE_SIZE * 2, 100) }));
  return html`<article class="view muscle" data-slug=${muscle.slug}>
    <header class="page-head">
      <p class="kind-line">Muscle group · ${label(muscle.region)}</p>
      <h1>${muscle.name}</h1>
      ${muscle.parent && html`<p>Part of <a href=${muscleHref(muscle.parent.slug)}>
        ${muscle.parent.name}</a></p>`}
      ${muscle.aliases.length > 0 && html`<p class="aliases">${
        `Also called ${muscle.aliases.join(', ')}`}</p>`}
      <p>${plural(muscle.exerciseCount, 'exercise')} work it as a main muscle.</p>
    </header>
    <${SanitisedHtml} source=${muscle.bodyHtml} />
    <div class="roles">
      <${ByRole} id="primary" title="Main muscle in"
        hint="Exercises where it does most of the work."
        connection=${muscle.primary} onMore=${more('primary')} />
      <${ByRole} id="secondary" title="Assists in" hint="Exercises where it assists or stabilises."
        connection=${muscle.secondary} onMore=${more('secondary')} />
    </div>
  </article>`;
}
