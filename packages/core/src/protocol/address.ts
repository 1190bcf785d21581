import { ErrorCode } from '../errors/codes.js';
import { ContactmeshError, preview } from '../errors/contactmesh-error.js';
import { err, ok, type Result } from '../result.js';
import { ActorKind, Address, CentreId, ObjectId } from './primitives.js';

/** An actor address split into its parts. */
export interface AddressParts {
  readonly centre: string;
  readonly kind: string;
  readonly id: string;
}

/**
 * Builds `{centre}/{kind}/{id}`, refusing parts that would not survive the wire.
 *
 * @example
 * ```ts
 * address('london', 'contact', 'c-17'); // 'london/contact/c-17'
 * ```
 */
export function address(centre: string, kind: string, id: string): string {
  if (!CentreId.is(centre))
    throw new ContactmeshError(ErrorCode.INVALID_ADDRESS, `Centre id ${preview(centre)} is not valid; use a-z, 0-9 and -.`, {
      value: centre,
    });
  if (!ActorKind.is(kind))
    throw new ContactmeshError(ErrorCode.INVALID_ADDRESS, `Actor kind ${preview(kind)} is not valid; use a-z and -.`, { value: kind });
  if (!ObjectId.is(id))
    throw new ContactmeshError(ErrorCode.INVALID_ADDRESS, `Id ${preview(id)} is not valid; use letters, digits and ._:-.`, { value: id });
  return `${centre}/${kind}/${id}`;
}

/**
 * Splits an address into centre, kind and id.
 *
 * @example
 * ```ts
 * parseAddress('paris/agent/a2'); // { ok: true, value: { centre: 'paris', kind: 'agent', id: 'a2' } }
 * ```
 */
export function parseAddress(value: string): Result<AddressParts> {
  if (!Address.is(value)) {
    return err(
      new ContactmeshError(ErrorCode.INVALID_ADDRESS, `Address ${preview(value)} is not of the form {centre}/{kind}/{id}.`, { value }),
    );
  }
  const [centre = '', kind = '', id = ''] = value.split('/');
  return ok({ centre, kind, id });
}

/**
 * The centre of an address `{centre}/{kind}/{id}`, without checking it (for addresses the runtime
 * has already decoded).
 *
 * @example
 * ```ts
 * centreOf('london/contact/c-17'); // 'london'
 * ```
 */
export const centreOf = (address: string): string => address.slice(0, address.indexOf('/'));
