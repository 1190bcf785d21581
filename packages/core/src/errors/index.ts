export { ErrorCode, errorCodes } from './codes.js';
export type { ErrorDetails } from './contactmesh-error.js';
export { ContactmeshError, isContactmeshError, preview } from './contactmesh-error.js';
