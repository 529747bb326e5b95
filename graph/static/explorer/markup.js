// Text from the API that carries markup: highlight snippets and sanitised HTML bodies.
import { html, useLayoutEffect, useRef } from './html.js';

const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text with its HTML character references decoded. */
function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
    if (name[0] !== '#') return NAMED[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X'
      ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * A search snippet: HTML-escaped text with matches in <mark>…</mark>. Only <mark> becomes
 * markup; anything else is shown as the text it is.
 */
export function Snippet({ source }) {
  let marked = false;
  const parts = [];
  for (const piece of source.split(/(<mark>|<\/mark>)/)) {
    if (piece === '<mark>') marked = true;
    else if (piece === '</mark>') marked = false;
    else if (piece) {
      parts.push(marked ? html`<mark>${decodeEntities(piece)}</mark>` : decodeEntities(piece));
    }
  }
  return parts;
}

// HTML reaches the DOM only through this policy (the page's CSP names no other), and only
// for bodies the API sanitised on the server.
const passThrough = { createHTML: (text) => text };
const policy = window.trustedTypes?.createPolicy('explorer', passThrough) ?? passThrough;

/** The nodes of an HTML body the API sanitised, in a detached document. */
function parseSanitised(text) {
  return new DOMParser().parseFromString(policy.createHTML(text), 'text/html').body;
}

/** A sanitised HTML body from the API, optionally reworked (`transform(body)`) first. */
export function SanitisedHtml({ source, transform = null, className = 'prose' }) {
  const ref = useRef(null);
  useLayoutEffect(() => {
    const body = parseSanitised(source);
    if (transform) transform(body);
    ref.current.replaceChildren(...body.childNodes);
  }, [source, transform]);
  return html`<div class=${className} ref=${ref}></div>`;
}
