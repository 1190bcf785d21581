import type { CommandAnswer } from './customer-command.js';
import { parseCommandAnswer, parseErrorBody } from './parse-wire.js';
import type { JsonReply } from './request-json.js';
import { StatusClientError, StatusClientErrorCode } from './status-client-error.js';

const byStatus: Readonly<Record<number, { readonly code: StatusClientErrorCode; readonly fix: string }>> = {
  400: { code: StatusClientErrorCode.INVALID_ARGUMENT, fix: 'check the fields of the command against the contract' },
  404: {
    code: StatusClientErrorCode.UNKNOWN_TOKEN,
    fix: 'the status token is unknown or has expired; ask the contact centre for a new link',
  },
  413: { code: StatusClientErrorCode.PAYLOAD_TOO_LARGE, fix: 'shorten the text of the command' },
  429: { code: StatusClientErrorCode.RATE_LIMITED, fix: 'wait for retryAfterMs before sending again' },
};

/**
 * The answer in a reply to `POST …/commands`, or the coded error it stands for.
 *
 * @example
 * ```ts
 * commandAnswer({ status: 200, body: { accepted: false, reason: 'the queue is closed' } }); // { accepted: false, reason: … }
 * ```
 */
export function commandAnswer(reply: JsonReply): CommandAnswer {
  if (reply.status === 200) {
    const answer = parseCommandAnswer(reply.body);
    if (answer !== undefined) return answer;
    throw new StatusClientError(
      StatusClientErrorCode.INVALID_MESSAGE,
      'The gateway answered the command with a body that is neither an acceptance with a status nor a refusal with a reason; check that the gateway and the widget are of the same version.',
      { httpStatus: 200 },
    );
  }
  const known = byStatus[reply.status];
  const said = parseErrorBody(reply.body);
  const detail = said === undefined ? '' : ` (${said.code}: ${said.message})`;
  if (known === undefined) {
    throw new StatusClientError(
      StatusClientErrorCode.INVALID_MESSAGE,
      `The gateway answered the command with HTTP ${reply.status}${detail}.`,
      {
        httpStatus: reply.status,
      },
    );
  }
  throw new StatusClientError(known.code, `The gateway refused the command with HTTP ${reply.status}${detail}: ${known.fix}.`, {
    httpStatus: reply.status,
    ...(reply.retryAfterMs === undefined ? {} : { retryAfterMs: reply.retryAfterMs }),
  });
}
