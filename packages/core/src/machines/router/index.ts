export { routerMachine } from './machine.js';
export { defaultRouterPolicy } from './context.js';
export type { Pending, RouterContext, RouterInput, RouterMode, RouterPolicy } from './context.js';
export type { RouterEvent } from './events.js';
