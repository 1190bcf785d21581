/**
 * Node only: builds the one-line loader the gateway serves as `/widget.js`.
 *
 * @module @contactmesh/web-widget/bundle
 */
export { buildWidgetBundle } from './build-widget.js';
