// Node only: builds the one-line loader the gateway serves as /widget.js.
export { buildWidgetBundle } from './build-widget.js';
