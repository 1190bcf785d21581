import type { IncomingMessage } from 'node:http';
import { ContactmeshError, type CustomerCommand, checkArgument, ErrorCode } from '@contactmesh/core';
import { CustomerCommand as CommandCodec, closedType, MessageId } from '@contactmesh/core/protocol';

/** Reads a request body of at most `max` bytes, counted as it arrives; more is `CM_ERR_PAYLOAD_TOO_LARGE`. */
export function readBody(request: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > max) {
      reject(tooLarge(max));
      request.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        reject(tooLarge(max));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const tooLarge = (max: number) =>
  new ContactmeshError(ErrorCode.PAYLOAD_TOO_LARGE, `The request body is over the limit of ${max} bytes.`, { limit: max });

const JsonCommand = closedType('command request', { commandId: MessageId, command: CommandCodec }, {});

/** `POST /api/contacts/{token}/commands`: `{ commandId, command }`, checked with the wire's codecs. */
export function jsonCommand(text: string): { readonly commandId: string; readonly command: CustomerCommand } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ContactmeshError(ErrorCode.INVALID_ARGUMENT, 'The body is not JSON; send {"commandId": "…", "command": {"kind": "…"}}.');
  }
  return checkArgument(JsonCommand, value, 'command request');
}

/** A status-page form: `kind`, `commandId` and the fields of that kind (`field.*` for a web form). */
export function formCommand(text: string): { readonly commandId: string; readonly command: CustomerCommand } {
  const form = new URLSearchParams(text);
  const kind = form.get('kind') ?? '';
  const fields: Record<string, string> = {};
  for (const [key, value] of form) if (key.startsWith('field.') && value.trim() !== '') fields[key.slice(6)] = value;
  const given = (name: string) => form.get(name) ?? '';
  const command =
    kind === 'switchQueue'
      ? { kind, skillset: given('skillset') }
      : kind === 'requestCallback'
        ? { kind, number: given('number').trim() }
        : kind === 'switchToEmail'
          ? { kind, address: given('address').trim(), text: given('text') }
          : kind === 'switchToWebForm'
            ? { kind, fields }
            : { kind };
  return checkArgument(JsonCommand, { commandId: given('commandId'), command }, 'form');
}
