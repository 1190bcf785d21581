import { boundedString, int } from '@contactmesh/core/protocol';
import * as t from 'io-ts';

/** Version of the relay frame protocol; a hello names it and the relay refuses another. */
export const RELAY_PROTOCOL_VERSION = 1;

const Qos = t.union([t.literal(0), t.literal(1)]);
// Ids are counters the sender keeps; a safe integer is all the relay needs of them.
const Id = int(0, Number.MAX_SAFE_INTEGER);
// Topics are checked against the topic rules after decoding; this only bounds the work of getting there.
const Topic = boundedString(65_536);

/** A participant's will, without its payload (which travels as the hello frame's payload). */
export const WillHeader = t.type({ topic: Topic, qos: Qos, retain: t.boolean });

/** The first frame of a connection: who is connecting, and its will. */
export const HelloFrame = t.intersection([
  t.type({ type: t.literal('hello'), v: t.literal(RELAY_PROTOCOL_VERSION), id: boundedString(128, 1) }),
  t.partial({ will: WillHeader }),
]);
/** Starts a subscription; `sid` names it in `suback`, `msg` and `error` frames. */
export const SubFrame = t.type({ type: t.literal('sub'), sid: Id, filter: Topic, qos: Qos });
/** Ends a subscription. */
export const UnsubFrame = t.type({ type: t.literal('unsub'), sid: Id });
/** A publication; its payload follows the header. QoS 1 is answered with `puback`, any failure with `error`. */
export const PubFrame = t.type({ type: t.literal('pub'), mid: Id, topic: Topic, qos: Qos, retain: t.boolean });
/** A clean goodbye: the relay drops the will and closes the connection. */
export const ByeFrame = t.type({ type: t.literal('bye') });
/**
 * The client's heartbeat, answered with `pong`. An application frame, because a browser's
 * `WebSocket` neither sends WebSocket pings nor shows the relay's to the page.
 */
export const PingFrame = t.type({ type: t.literal('ping') });

/** Every frame a participant may send to the relay. */
export const ClientFrame = t.union([HelloFrame, SubFrame, UnsubFrame, PubFrame, ByeFrame, PingFrame]);
export type ClientFrame = t.TypeOf<typeof ClientFrame>;

/** The relay accepted the hello; the participant is connected. */
export const WelcomeFrame = t.type({ type: t.literal('welcome'), v: t.literal(RELAY_PROTOCOL_VERSION), maxPayloadBytes: Id });
/** A subscription is in place; matching retained values follow it. */
export const SubackFrame = t.type({ type: t.literal('suback'), sid: Id });
/** A QoS 1 publication was taken by the relay (and handed to every matching subscription). */
export const PubackFrame = t.type({ type: t.literal('puback'), mid: Id });
/** A delivery to subscription `sid`; its payload follows the header. */
export const MsgFrame = t.type({ type: t.literal('msg'), sid: Id, topic: Topic, qos: Qos, retained: t.boolean });
/** A refusal with a `CM_ERR_*` code, about one publication (`mid`), one subscription (`sid`) or the connection. */
export const ErrorFrame = t.intersection([
  t.type({ type: t.literal('error'), code: boundedString(64), message: boundedString(4096) }),
  t.partial({ mid: Id, sid: Id }),
]);

/** The answer to a `ping`: the relay is there. */
export const PongFrame = t.type({ type: t.literal('pong') });

/** Every frame the relay may send to a participant. */
export const RelayFrame = t.union([WelcomeFrame, SubackFrame, PubackFrame, MsgFrame, ErrorFrame, PongFrame]);
export type RelayFrame = t.TypeOf<typeof RelayFrame>;
