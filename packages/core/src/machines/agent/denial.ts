import type * as t from 'io-ts';
import type { DenialReason as DenialReasonCodec } from '../../protocol/messages/reservation.js';

/** Why an owner refused a reservation (the `reason` of `reserve.denied`). */
export type DenialReason = t.TypeOf<typeof DenialReasonCodec>;
