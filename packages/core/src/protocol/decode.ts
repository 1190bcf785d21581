import { isLeft } from 'fp-ts/lib/Either.js';
import { ErrorCode } from '../errors/codes.js';
import { ContactmeshError, preview } from '../errors/contactmesh-error.js';
import { defaultLimits } from '../limits.js';
import { err, ok, type Result } from '../result.js';
import { EnvelopeCodec } from './envelope.js';
import { checkJsonDepth } from './json-depth.js';
import { SUPPORTED_VERSIONS } from './primitives.js';
import { type BodyCodecs, type CoreBodies, coreMessages, type MessageOf, type MessageRegistry } from './registry.js';
import { utf8ByteLength } from './utf8.js';
import { invalidMessage } from './validation-error.js';

/** Options of {@link decode}. */
export interface DecodeOptions<R extends BodyCodecs> {
  /** The message types to accept. Default: {@link coreMessages}. */
  readonly registry?: MessageRegistry<R>;
  /** Largest payload accepted, in bytes; checked before anything is parsed. Default 64 KiB. */
  readonly maxPayloadBytes?: number;
  /** Deepest nesting of arrays and objects accepted; checked before anything is parsed. Default 64. */
  readonly maxJsonDepth?: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes an untrusted payload into a message. Never throws, whatever the input: the size is
 * checked first, then UTF-8, the nesting depth (before parsing), JSON, the protocol version, the
 * envelope and the body, and any failure comes back as a coded error naming the offending field.
 *
 * @example
 * ```ts
 * const result = decode(payload, { maxPayloadBytes: 16_384 });
 * if (result.ok) route(result.value);
 * else events.next({ type: 'message.rejected', code: result.error.code, reason: result.error.message });
 * ```
 */
export function decode<R extends BodyCodecs = CoreBodies>(
  input: Uint8Array | string,
  options: DecodeOptions<R> = {},
): Result<MessageOf<R>> {
  const max = options.maxPayloadBytes ?? defaultLimits.maxPayloadBytes;
  const registry = (options.registry ?? coreMessages) as MessageRegistry;
  const size = typeof input === 'string' ? utf8ByteLength(input, max) : input.byteLength;
  if (size > max) {
    return err(
      new ContactmeshError(
        ErrorCode.PAYLOAD_TOO_LARGE,
        `Payload of ${size} bytes is over the limit of ${max} bytes; send smaller messages or raise maxPayloadBytes.`,
        {
          limit: max,
          value: size,
        },
      ),
    );
  }
  let text: string;
  try {
    text = typeof input === 'string' ? input : utf8.decode(input);
  } catch (cause) {
    return err(new ContactmeshError(ErrorCode.MALFORMED_JSON, 'Payload is not valid UTF-8; messages are UTF-8 JSON.', {}, { cause }));
  }
  // Before parsing: nothing downstream (codecs, previews of a refused value) then meets a value
  // thousands deep, which would exhaust the stack of anything that recurses over it.
  const tooDeep = checkJsonDepth(text, options.maxJsonDepth ?? defaultLimits.maxJsonDepth);
  if (tooDeep !== undefined) return err(tooDeep);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return err(
      new ContactmeshError(
        ErrorCode.MALFORMED_JSON,
        `Payload is not JSON (${reason}): ${preview(text)}.`,
        { value: text.slice(0, 80) },
        { cause },
      ),
    );
  }
  try {
    return checkMessage(json, registry) as Result<MessageOf<R>>;
  } catch (cause) {
    // A codec of the embedder's (`extend`) that throws instead of refusing: still a refusal, never an exception.
    const reason = cause instanceof Error ? cause.message : preview(cause);
    return err(
      new ContactmeshError(
        ErrorCode.INVALID_MESSAGE,
        `A codec threw on this message instead of refusing it (${preview(reason, 200)}); make the codec return a failure.`,
        { path: '(root)' },
        { cause },
      ),
    );
  }
}

/** The parsed JSON value as a message of `registry`: version, envelope, then body. */
function checkMessage(json: unknown, registry: MessageRegistry): Result<MessageOf<BodyCodecs>> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return err(
      new ContactmeshError(ErrorCode.INVALID_MESSAGE, `A message is a JSON object with an envelope, got ${preview(json)}.`, {
        path: '(root)',
        value: json,
      }),
    );
  }
  const version = (json as { v?: unknown }).v;
  if (typeof version === 'number' && !SUPPORTED_VERSIONS.includes(version)) {
    return err(
      new ContactmeshError(
        ErrorCode.UNSUPPORTED_VERSION,
        `Protocol version ${preview(version)} is not supported; this node speaks ${SUPPORTED_VERSIONS.join(', ')}. Upgrade the older side.`,
        { path: 'v', value: version },
      ),
    );
  }
  // The common case first: `is` answers as `decode` does for the envelope and the core's own body
  // codecs (none transforms a value, so a valid message decodes to itself), without the context
  // `decode` builds for every field — most of what decoding a message allocated. A body codec added
  // with `extend` may transform, and anything `is` refuses may still decode (or needs its refusal
  // worded): both take `decode`.
  if (EnvelopeCodec.is(json)) {
    const codec = registry.codec(json.type);
    if (codec !== undefined && codec === coreMessages.codec(json.type) && codec.is(json.body)) return ok(json as MessageOf<BodyCodecs>);
  }
  const envelope = EnvelopeCodec.decode(json);
  if (isLeft(envelope)) return err(invalidMessage(envelope.left));
  const codec = registry.codec(envelope.right.type);
  if (codec === undefined) {
    return err(
      new ContactmeshError(
        ErrorCode.UNKNOWN_MESSAGE_TYPE,
        `Message type ${preview(envelope.right.type)} is not known here; extend the registry to accept it.`,
        {
          path: 'type',
          value: envelope.right.type,
        },
      ),
    );
  }
  const body = codec.decode(envelope.right.body);
  if (isLeft(body)) return err(invalidMessage(body.left, ['body']));
  return ok({ ...envelope.right, body: body.right } as MessageOf<BodyCodecs>);
}
