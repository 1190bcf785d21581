export { ErrorCode, errorCodes } from './codes.js';
export type { ErrorDetails } from './contactmesh-error.js';
export { ContactmeshError, isContactmeshError } from './contactmesh-error.js';
export { preview } from './preview.js';
