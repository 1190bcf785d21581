import { ContactStatusElement } from './element/contact-status-element.js';

// The one side effect of the package: `<script src="https://gateway/widget.js" async>` runs this.
// The gateway the script came from (its folder, so a gateway under a path prefix works too) is the
// default endpoint, so a page needs only the token.
const script = document.currentScript;
if (script instanceof HTMLScriptElement && script.src !== '') ContactStatusElement.defaultEndpoint ??= new URL('.', script.src).href;

if (customElements.get('contact-status') === undefined) customElements.define('contact-status', ContactStatusElement);

export { ContactStatusElement };
