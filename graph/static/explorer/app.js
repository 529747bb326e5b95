// The explorer's entry point: the layout, the router and the live content status.
import './boot.js';
import { ExercisePage } from './exercise.js';
import { GuidePage } from './guide.js';
import { html, render, useLayoutEffect, useRef } from './html.js';
import { Live, LiveBadge, useLiveStatus } from './live.js';
import { MusclePage } from './muscle.js';
import { followLinks, useRoute } from './router.js';
import { SearchView } from './search.js';
import { StatusView } from './status.js';
import { NotFound } from './ui.js';

function View({ route }) {
  switch (route.view) {
    case 'search': return html`<${SearchView} params=${route.params} />`;
    case 'exercise': return html`<${ExercisePage} key=${route.slug} slug=${route.slug} />`;
    case 'muscle': return html`<${MusclePage} key=${route.slug} slug=${route.slug} />`;
    case 'guide': return html`<${GuidePage} key=${route.slug} slug=${route.slug} />`;
    case 'status': return html`<${StatusView} />`;
    default: return html`<${NotFound} kind="page" slug=${window.location.pathname} />`;
  }
}

function App() {
  const live = useLiveStatus();
  const { route, focus, count } = useRoute();
  const main = useRef(null);
  useLayoutEffect(() => {
    if (!focus) return;
    window.scrollTo(0, 0);
    main.current.focus({ preventScroll: true });
  }, [count]);
  return html`<${Live.Provider} value=${live}>
    <a class="skip" href="#main">Skip to content</a>
    <header class="top">
      <a class="brand" href="/">exgraph <span>explorer</span></a>
      <nav aria-label="Sections">
        <a href="/" aria-current=${route.view === 'search' ? 'page' : null}>Search</a>
        <a href="/status" aria-current=${route.view === 'status' ? 'page' : null}>Status</a>
        <a href="/graphql">API</a>
      </nav>
      <${LiveBadge} />
    </header>
    <main id="main" tabindex="-1" ref=${main}><${View} route=${route} /></main>
    <footer class="bottom">
      Everything here comes from the public GraphQL API at <a href="/graphql">/graphql</a>,
      and follows edits to the content files as they are saved.
    </footer>
  <//>`;
}

const root = document.getElementById('app');
root.replaceChildren();
followLinks(document.body);
render(html`<${App} />`, root);
