import {
  type Clock,
  type CommandAnswer,
  type CustomerCommand,
  createRuntime,
  type MessageSigning,
  type Runtime,
  type Transport,
} from '@contactmesh/core';

/** A command's answer as the gateway passes it on. */
export type CommandOutcome = CommandAnswer;

/**
 * Sends customers' commands to their contacts (wherever they live now) and waits for the answer:
 * the gateway's one actor-facing part, a runtime with a single endpoint for `command.result`.
 * The contact decides (DESIGN.md §3); the desk only carries the question and the answer back.
 */
export class CommandDesk {
  readonly #runtime: Runtime;
  readonly #desk: string;
  readonly #waiting = new Map<string, (answer: CommandOutcome) => void>();

  constructor(
    transport: Transport,
    id: string,
    network: string,
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    signing?: MessageSigning,
  ) {
    this.#runtime = createRuntime({ centre: id, network, transport, clock, ...(signing === undefined ? {} : { signing }) });
    this.#desk = this.#runtime.endpoint('desk', 'main', (message) => {
      if (message.type !== 'command.result') return;
      const { body } = message;
      this.#waiting.get(body.commandId)?.({
        accepted: body.accepted,
        ...(body.reason === undefined ? {} : { reason: body.reason }),
        ...(body.retry === true ? { retry: true } : {}),
      });
    });
  }

  get runtime(): Runtime {
    return this.#runtime;
  }

  start(): Promise<void> {
    return this.#runtime.start();
  }

  /** Asks contact `contact` (an address) to run `command`; the answer, or a retryable refusal after the time-out. */
  ask(contact: string, tokenHash: string, command: CustomerCommand, commandId: string): Promise<CommandOutcome> {
    return new Promise((resolve) => {
      const earlier = this.#waiting.get(commandId);
      const timer = this.clock.setTimer(this.timeoutMs, () =>
        settle({ accepted: false, reason: 'no answer from the contact centre yet; try again', retry: true }),
      );
      const settle = (answer: CommandOutcome) => {
        this.clock.clearTimer(timer);
        if (this.#waiting.get(commandId) === settle) this.#waiting.delete(commandId);
        earlier?.(answer);
        resolve(answer);
      };
      this.#waiting.set(commandId, settle);
      this.#runtime.send(this.#desk, contact, { type: 'command.request', body: { commandId, tokenHash, command } });
    });
  }

  async stop(): Promise<void> {
    for (const settle of [...this.#waiting.values()])
      settle({ accepted: false, reason: 'the gateway is stopping; try again', retry: true });
    await this.#runtime.stop();
  }
}
