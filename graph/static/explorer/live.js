// The content being served and its problems, kept current by the contentChanged subscription.
import { request, subscribe } from './api.js';
import { createContext, html, useContext, useEffect, useState } from './html.js';
import { CONTENT_STATUS, STATUS_FIELDS } from './queries.js';
import { plural } from './ui.js';

const CHANGES = `subscription ContentChanges { contentChanged {
  version previousVersion changed { kind slug change } status { ${STATUS_FIELDS} } } }`;

/** { status, connected, changes, generation }: the latest status, whether the push channel
 * is open, how many changes arrived through it, and a counter of content versions seen (views
 * ask for their data again when it moves). The first status moves it too: the content may
 * have changed between a view's first answer and the status. */
export const Live = createContext({ status: null, connected: false, changes: 0, generation: 0 });

function withStatus(live, status, pushed) {
  const moved = pushed || !live.status || live.status.version !== status.version;
  return { ...live, status, changes: live.changes + (pushed ? 1 : 0),
    generation: live.generation + (moved ? 1 : 0) };
}

export const useLive = () => useContext(Live);

/** Fetches the status, then follows it through the push channel (fetching it again whenever
 * the channel reopens, so a change missed while it was down still shows). */
export function useLiveStatus() {
  const [live, setLive] = useState({ status: null, connected: false, changes: 0, generation: 0 });
  useEffect(() => {
    let pushes = 0; // a status asked for before a push arrived is older than the push's
    const refetch = () => {
      const asked = pushes;
      request(CONTENT_STATUS).then((data) => {
        if (pushes === asked) setLive((previous) => withStatus(previous, data.contentStatus, false));
      }, () => {});
    };
    refetch();
    return subscribe(CHANGES, (data) => {
      pushes += 1;
      setLive((previous) => withStatus(previous, data.contentChanged.status, true));
    }, (connected) => {
      setLive((previous) => ({ ...previous, connected }));
      if (connected) refetch();
    });
  }, []);
  return live;
}

export const shortVersion = (version) => version.slice(0, 7);

/** The small badge on every view: the content version and its problems, live. */
export function LiveBadge() {
  const { status, connected } = useLive();
  if (!status) return html`<span class="badge">content…</span>`;
  const errors = status.errors.length;
  const text = `content ${shortVersion(status.version)} · ${plural(errors, 'error')}`;
  return html`<a href="/status" class=${`badge ${errors ? 'has-errors' : 'ok'}`}
      title=${connected ? 'Following edits live' : 'Reconnecting to the live updates…'}>
    <span class=${`dot ${connected ? 'on' : 'off'}`} aria-hidden="true"></span>
    <span aria-live="polite">${text}</span></a>`;
}
