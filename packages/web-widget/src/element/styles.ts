/**
 * The element's styles. They reach the shadow root as a constructable stylesheet
 * (`adoptedStyleSheets`), which a Content-Security-Policy without 'unsafe-inline' allows; no
 * `<style>` element and no `style` attribute is ever written. Every value a page may change is a
 * `--cm-*` custom property (documented in docs/web-widget.md).
 */
export const css = `
:host {
  display: block;
  font-family: var(--cm-font-family, inherit);
  font-size: var(--cm-font-size, 1rem);
  line-height: 1.5;
  color: var(--cm-color-text, #1a1a1a);
}
:host([hidden]), [hidden] { display: none !important; }
.root {
  background: var(--cm-color-background, #ffffff);
  border: 1px solid var(--cm-color-border, #8a8a8a);
  border-radius: var(--cm-radius, 0.5rem);
  padding: var(--cm-spacing, 1rem);
  display: grid;
  gap: var(--cm-spacing, 1rem);
}
.banner { margin: 0; font-weight: 600; }
.stale .banner, .stale .status { background: var(--cm-color-stale-background, #fff4d6); }
.stale .status { opacity: 0.85; }
.status { margin: 0; display: grid; gap: 0.25rem; }
.status > div { display: grid; grid-template-columns: minmax(8rem, 40%) 1fr; gap: 1rem; }
.status dt { color: var(--cm-color-muted, #575757); }
.status dd { margin: 0; font-weight: 600; }
.method { display: block; font-weight: 400; font-size: 0.875em; color: var(--cm-color-muted, #575757); }
.commands { display: grid; gap: 0.5rem; }
.commands h2 { font-size: 1em; margin: 0; }
details { border-top: 1px solid var(--cm-color-border, #8a8a8a); padding-top: 0.5rem; }
summary {
  cursor: pointer;
  min-height: var(--cm-target-size, 2.75rem);
  display: flex;
  align-items: center;
  gap: 0.5rem;
  color: var(--cm-color-accent, #0b57d0);
  font-weight: 600;
}
summary::before { content: '▸'; }
details[open] > summary::before { content: '▾'; }
form { display: grid; gap: 0.5rem; padding: 0.5rem 0; }
label { display: grid; gap: 0.25rem; }
input, select, textarea, button {
  font: inherit;
  min-height: var(--cm-target-size, 2.75rem);
  min-width: var(--cm-target-size, 2.75rem);
  box-sizing: border-box;
  border-radius: var(--cm-radius, 0.5rem);
}
input, select, textarea {
  border: 1px solid var(--cm-color-border, #8a8a8a);
  background: var(--cm-color-background, #ffffff);
  color: inherit;
  padding: 0.25rem 0.5rem;
}
button {
  border: 2px solid var(--cm-color-accent, #0b57d0);
  background: var(--cm-color-accent, #0b57d0);
  color: var(--cm-color-accent-text, #ffffff);
  padding: 0.25rem 1rem;
  cursor: pointer;
  justify-self: start;
}
button.secondary { background: transparent; color: var(--cm-color-accent, #0b57d0); }
button.danger { border-color: var(--cm-color-danger, #b3261e); background: var(--cm-color-danger, #b3261e); }
.buttons { display: flex; flex-wrap: wrap; gap: 0.5rem; }
:focus-visible { outline: 3px solid var(--cm-color-focus, #0b57d0); outline-offset: 2px; }
.result { margin: 0; font-weight: 600; }
.result.accepted { color: var(--cm-color-success, #146c2e); }
.result.refused { color: var(--cm-color-danger, #b3261e); }
.sr-only {
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
}
@media (prefers-reduced-motion: no-preference) { summary { transition: color 0.2s; } }
`;

let sheet: CSSStyleSheet | undefined;

/** The one stylesheet every `<contact-status>` of the page shares, made on first use. */
export function contactStatusSheet(): CSSStyleSheet {
  if (sheet === undefined) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  return sheet;
}
