import { describe, expectTypeOf, it } from 'vitest';
import { effects, type SendEffect } from '../../src/effects/effects.js';
import type { CoreMessage, Envelope, MessageOf } from '../../src/protocol/index.js';
import { coreMessages } from '../../src/protocol/index.js';

describe('message types', () => {
  it('narrows the body by the message type', () => {
    const handle = (message: CoreMessage) => {
      if (message.type === 'reserve.granted') expectTypeOf(message.body.fence).toEqualTypeOf<number>();
      if (message.type === 'agent.snapshot') expectTypeOf(message.body.idleSince).toEqualTypeOf<number | null>();
      if (message.type === 'command.request' && message.body.command.kind === 'switchQueue') {
        expectTypeOf(message.body.command.skillset).toEqualTypeOf<string>();
      }
    };
    expectTypeOf(handle).parameter(0).toHaveProperty('type');
  });

  it('adds the types an embedder registers to the union', () => {
    const registry = coreMessages.extend({});
    type Message = MessageOf<typeof registry.bodies>;
    expectTypeOf<Extract<Message, { type: 'presence' }>>().toMatchTypeOf<Envelope<'presence'>>();
    expectTypeOf<Message['type']>().toEqualTypeOf<CoreMessage['type']>();
  });

  it('builds effects with literal message types', () => {
    const effect = effects.send('paris/agent/a1', 'reserve.release', { agent: 'a1', leaseId: 'l1', fence: 1 });
    expectTypeOf(effect).toMatchTypeOf<SendEffect>();
    expectTypeOf(effect.message.type).toEqualTypeOf<string>();
  });
});
