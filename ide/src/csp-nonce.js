// Monaco (and Radix's scroll lock) add <style> elements at run time. The page's CSP admits only
// <style> elements carrying its per-response nonce, which the server puts on
// <meta property="csp-nonce">; give that nonce to every <style> element scripts create.
// Style elements parsed from injected markup are created without it, so they stay blocked.
const nonce = document.querySelector('meta[property="csp-nonce"]')?.nonce;

if (nonce) {
  const createElement = Document.prototype.createElement;
  Document.prototype.createElement = function createElementWithNonce(...args) {
    const element = createElement.apply(this, args);
    if (element instanceof HTMLStyleElement) element.nonce = nonce;
    return element;
  };
}
