import type { ContactmeshError } from './errors/contactmesh-error.js';

/** The outcome of an operation on untrusted input: a value, or a coded error. Never thrown. */
export type Result<T, E = ContactmeshError> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** A successful {@link Result}. */
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });

/** A failed {@link Result}. */
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
