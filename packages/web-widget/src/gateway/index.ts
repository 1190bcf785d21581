/**
 * The customer status gateway (Node); see docs/status-page.md.
 *
 * @module @contactmesh/web-widget/gateway
 */

export { createGateway, type Gateway } from './create-gateway.js';
export type { GatewayOptions } from './gateway-options.js';
export { escapeHtml, html, Markup } from './html.js';
