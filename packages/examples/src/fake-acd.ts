/**
 * A fake ACD driving one contactmesh centre: the shape of a real integration, small enough to read
 * in one sitting. Copy it and replace every "ACD:" log line with a call into your switch.
 *
 *   node --conditions=@contactmesh/source --import tsx packages/examples/src/fake-acd.ts
 */
import { pathToFileURL } from 'node:url';
import { type Adapter, type Centre, createCentre, VirtualClock } from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';

/**
 * Runs the story: one agent, three callers, a waiting customer who checks their status and asks to
 * be called back, and the centre's figures at the end. Writes each step to `log`.
 *
 * @example
 * ```ts
 * await main((line) => lines.push(line));
 * ```
 */
export async function main(log: (line: string) => void = console.log): Promise<void> {
  // Time. A real ACD passes no clock, and the centre uses the wall clock. This example runs on a
  // virtual clock that moves only when told to, so it finishes at once and the same way every time.
  const clock = new VirtualClock(Date.UTC(2025, 0, 6, 9, 0));
  const minutes = (m: number) => clock.advance(m * 60_000);
  const settle = () => clock.advance(0); // let the centre finish what it started at this instant

  // A transport. One centre on its own can use the in-memory hub; a network of centres uses MQTT.
  const hub = createMemoryHub({ clock });

  // The adapter: the commands the centre gives the ACD. The centre is created just below; the
  // adapter is only called once the centre is running.
  let centre: Centre;
  const adapter: Adapter = {
    offer({ agent, contact, media }) {
      log(`ACD: ring ${agent}'s phone with ${media} contact ${contact}`);
      // Our pretend agent picks up five seconds later. A real ACD calls `answer` when the agent
      // presses the button (or `decline`; if nobody does, the centre treats the offer as missed).
      clock.setTimer(5_000, () => {
        log(`ACD: ${agent} answers ${contact}`);
        centre.agents.answer(agent, contact);
      });
    },
    stopRinging({ agent, contact }) {
      log(`ACD: stop ringing ${agent}'s phone (${contact})`);
    },
    substitute({ contact, substitute, skillset }) {
      // The customer chose a call-back instead of waiting: the ACD books it, keeping their place.
      const to = substitute.kind === 'callback' ? ` to ${substitute.number}` : '';
      log(`ACD: book a ${substitute.kind}${to} for ${contact} in ${skillset}, keeping its place in the queue`);
    },
  };

  centre = createCentre({
    id: 'london',
    network: 'acme',
    transport: hub.transport('london'),
    clock,
    adapter,
    // Queues a waiting customer may switch to from their status page.
    policies: { contact: { skillsets: ['billing', 'sales'] } },
  });
  // Every contact ends with exactly one outcome: handled, abandoned, expired or substituted.
  centre.events$.subscribe((event) => {
    if (event.type === 'contact.outcome') log(`centre: ${event.contact} ended: ${event.outcome}`);
  });
  await centre.start();

  // An agent logs in on the ACD and becomes ready.
  centre.agents.login('ada', { displayName: 'Ada Lovelace', skills: { billing: 8 } });
  centre.agents.ready('ada');

  // Three customers call the billing line. We pass the ACD's own call ids; each arrival gets a
  // status token that the ACD hands to the customer (by SMS, chat, a link) — never log real ones.
  const calls = [];
  for (const id of ['call-1', 'call-2', 'call-3']) {
    log(`ACD: ${id} arrives for billing`);
    calls.push(centre.contacts.arrive({ id, media: 'voice', skillset: 'billing' }));
  }
  settle(); // the centre offers call-1 to Ada at once; the others queue
  minutes(1); // Ada answers after five seconds and talks

  // The third customer opens their status page: where am I, how long, what can I do?
  const [first, second, third] = calls;
  if (first === undefined || second === undefined || third === undefined) throw new Error('three calls arrived');
  const status = centre.status(third.token);
  const wait = status?.expectedWait === undefined ? '' : `, expected wait about ${Math.round(status.expectedWait.seconds)}s`;
  log(`customer of call-3 sees: ${status?.state}, position ${status?.position}${wait}; may ${status?.allowedCommands.join(', ')}`);

  // They would rather be called back than wait.
  const answer = await centre.command(third.token, { kind: 'requestCallback', number: '+44 20 7946 0000' });
  log(`customer of call-3 asks for a call-back: ${answer.accepted ? 'accepted' : `refused (${answer.reason})`}`);

  // Ada's first call ends. The ACD reports the end, then the end of her wrap-up work.
  minutes(3);
  log('ACD: call-1 hangs up; Ada wraps up');
  centre.contacts.end(first.id);
  centre.contacts.wrapped(first.id);
  minutes(1); // after her wrap-up Ada is ready again, and call-2 is offered and answered

  minutes(4);
  log('ACD: call-2 hangs up; Ada wraps up');
  centre.contacts.end(second.id);
  centre.contacts.wrapped(second.id);
  minutes(1);

  // The centre's figures: per queue and for the centre (see docs/metrics.md).
  const billing = centre.metrics().queues.find((q) => q.queue === 'billing')?.cumulative;
  log(
    `metrics for billing: offered ${billing?.offered}, answered ${billing?.answered}, handled ${billing?.handled}, ` +
      `abandoned ${billing?.abandoned}, average speed of answer ${billing?.averageSpeedOfAnswerSeconds?.toFixed(0)}s`,
  );
  await centre.stop();
}

// Run when started as a script (not when a test imports it).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
