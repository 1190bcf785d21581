import { EventEmitter } from 'node:events';
import { type ContactmeshError, ErrorCode, VirtualClock } from '@contactmesh/core';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { encodeFrame } from '../src/websocket/frame-codec.js';
import { RelayBroker } from '../src/websocket/relay-broker.js';
import { RelayConnection } from '../src/websocket/relay-connection.js';
import type { RelayEvent } from '../src/websocket/relay-events.js';
import { handleRelayFrame, type RelayFrameHandlers } from '../src/websocket/relay-frame-handler.js';
import { resolveRelayOptions } from '../src/websocket/relay-options.js';

// issue: Every door checked, report 9 — a throw while one frame was handled escaped the socket's
// 'message' listener and ended the relay's process (every participant with it). Whatever handling
// a frame sets off is now answered like a bad frame; these pin the guards with a throw of their own.

/** Just enough of a `ws` socket for a relay connection: open, and recording what it is sent. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: (string | Uint8Array)[] = [];
  send(frame: string | Uint8Array): void {
    this.sent.push(frame);
  }
  close(): void {
    this.readyState = 3;
  }
  terminate(): void {
    this.readyState = 3;
  }
  ping(): void {}
}

describe('a relay connection whose handling of a frame throws', () => {
  it('answers that frame with a coded error and goes on serving the connection', () => {
    const options = resolveRelayOptions({ clock: new VirtualClock(0) });
    const broker = new RelayBroker(options.limits);
    broker.subscribe = () => {
      throw new RangeError('Maximum call stack size exceeded');
    };
    const events: RelayEvent[] = [];
    const socket = new FakeSocket();
    const tally = { rateLimited: 0, notAuthorized: 0, held: 0, coalesced: 0 };
    new RelayConnection(socket as unknown as WebSocket, { broker, options, report: (event) => events.push(event), tally });
    const send = (header: object) => expect(() => socket.emit('message', Buffer.from(JSON.stringify(header)))).not.toThrow();
    send({ type: 'hello', v: 1, id: 'p1' });
    send({ type: 'sub', sid: 1, filter: 'cm/x/#', qos: 1 });
    send({ type: 'ping' });
    expect(socket.sent.map((frame) => JSON.parse(String(frame)) as unknown)).toEqual([
      expect.objectContaining({ type: 'welcome' }),
      {
        type: 'error',
        code: ErrorCode.EFFECT_FAILED,
        message: 'The relay could not carry out this frame (Maximum call stack size exceeded); it was dropped and the connection goes on.',
      },
      { type: 'pong' },
    ]);
    expect(events).toContainEqual({ kind: 'rejected', id: 'p1', code: ErrorCode.EFFECT_FAILED, closed: false });
  });
});

describe('handleRelayFrame', () => {
  it('reports a handler that throws as an invalid frame with a code, never throwing itself', () => {
    const invalid: ContactmeshError[] = [];
    const handlers: RelayFrameHandlers = {
      welcome: () => {},
      suback: () => {},
      puback: () => {},
      message: () => {
        throw new Error('subscriber broke');
      },
      refused: () => {},
      invalid: (error) => invalid.push(error),
    };
    const frame = encodeFrame({ type: 'msg', sid: 1, topic: 'cm/x', qos: 1, retained: false }, new Uint8Array([0x7b, 0x7d]));
    expect(() => handleRelayFrame(frame, 1_024, handlers)).not.toThrow();
    expect(invalid.map((e) => [e.code, e.message])).toEqual([
      [ErrorCode.EFFECT_FAILED, 'Handling a frame from the relay threw (subscriber broke); it was dropped.'],
    ]);
  });

  it('refuses a header nested deeper than the limit before parsing it', () => {
    const invalid: ContactmeshError[] = [];
    const handlers = { invalid: (error: ContactmeshError) => invalid.push(error) } as unknown as RelayFrameHandlers;
    handleRelayFrame(`${'['.repeat(5_000)}${']'.repeat(5_000)}`, 68 * 1_024, handlers);
    expect(invalid.map((e) => e.code)).toEqual([ErrorCode.INVALID_MESSAGE]);
    expect(invalid[0]?.message).toMatch(/A relay frame header nests arrays and objects more than 64 deep \(maxJsonDepth\)/);
  });
});
