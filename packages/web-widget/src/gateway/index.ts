// The customer status gateway (Node): docs/status-page.md.

export { createGateway, type Gateway } from './create-gateway.js';
export type { GatewayOptions } from './gateway-options.js';
export { escapeHtml, html, Markup } from './html.js';
