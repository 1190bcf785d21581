import { ErrorCode } from '../errors/codes.js';
import { ContactmeshError, preview } from '../errors/contactmesh-error.js';
import { defaultLimits } from '../limits.js';
import { err, ok, type Result } from '../result.js';

const encoder = new TextEncoder();
const sharePrefix = '$share/';
const shareExample = 'as in "$share/gateways/cm/demo/commands/#"';

/**
 * Checks a topic to publish to: non-empty, no wildcards, no NUL, at most `maxBytes` UTF-8 bytes.
 *
 * @example
 * ```ts
 * validateTopic('cm/demo/inbox/london').ok; // true
 * validateTopic('cm/+/inbox').ok; // false: wildcards are for subscriptions only
 * ```
 */
export function validateTopic(topic: string, maxBytes: number = defaultLimits.maxTopicBytes): Result<string> {
  const base = checkCommon(topic, maxBytes);
  if (!base.ok) return base;
  if (topic.includes('+') || topic.includes('#')) {
    return invalid(topic, 'a publish topic cannot contain the wildcards + or #; use them in subscriptions only');
  }
  if (topic.startsWith(sharePrefix)) {
    return invalid(topic, 'a publish topic cannot start with $share/, which marks shared subscriptions; publish to the topic itself');
  }
  return ok(topic);
}

/**
 * Checks a subscription filter: `+` stands for exactly one whole level, `#` for any number of
 * levels and only as the last level. `$share/{group}/{filter}` is a shared subscription: a group
 * name of one level without wildcards, then a filter under the same rules.
 *
 * @example
 * ```ts
 * validateFilter('cm/demo/+/inbox').ok; // true
 * validateFilter('$share/gateways/cm/demo/#').ok; // true
 * validateFilter('$share/+/cm/demo/#').ok; // false: the group name cannot be a wildcard
 * ```
 */
export function validateFilter(filter: string, maxBytes: number = defaultLimits.maxTopicBytes): Result<string> {
  const base = checkCommon(filter, maxBytes);
  if (!base.ok) return base;
  let inner = filter;
  if (filter.startsWith(sharePrefix)) {
    const rest = filter.slice(sharePrefix.length);
    const slash = rest.indexOf('/');
    const group = slash < 0 ? rest : rest.slice(0, slash);
    if (group === '' || group.includes('+') || group.includes('#')) {
      return invalid(filter, `a shared subscription needs a group name without + or #, ${shareExample}`);
    }
    if (slash < 0 || slash === rest.length - 1)
      return invalid(filter, `a shared subscription needs a filter after its group, ${shareExample}`);
    inner = rest.slice(slash + 1);
  }
  const levels = inner.split('/');
  for (const [i, level] of levels.entries()) {
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) {
      return invalid(filter, '# must be a whole level and the last one, as in "cm/demo/#"');
    }
    if (level.includes('+') && level !== '+') {
      return invalid(filter, '+ must be a whole level, as in "cm/+/inbox"');
    }
  }
  return ok(filter);
}

/**
 * The group and the filter of a shared subscription `$share/{group}/{filter}`; undefined for any
 * other filter. The filter is assumed valid.
 *
 * @example
 * ```ts
 * sharedSubscription('$share/gateways/cm/demo/#'); // { group: 'gateways', filter: 'cm/demo/#' }
 * sharedSubscription('cm/demo/#'); // undefined
 * ```
 */
export function sharedSubscription(filter: string): { readonly group: string; readonly filter: string } | undefined {
  if (!filter.startsWith(sharePrefix)) return undefined;
  const slash = filter.indexOf('/', sharePrefix.length);
  if (slash < 0) return undefined;
  return { group: filter.slice(sharePrefix.length, slash), filter: filter.slice(slash + 1) };
}

/**
 * True when `topic` matches `filter` under MQTT rules (topics starting with `$` are not matched by
 * a leading wildcard). A shared subscription matches what its filter matches. Both are assumed valid.
 */
export function topicMatches(filter: string, topic: string): boolean {
  const shared = sharedSubscription(filter);
  if (shared !== undefined) return topicMatches(shared.filter, topic);
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    const level = f[i];
    if (level === '#') return true;
    if (i >= t.length) return false;
    if (level !== '+' && level !== t[i]) return false;
  }
  return f.length === t.length;
}

function checkCommon(topic: string, maxBytes: number): Result<string> {
  if (typeof topic !== 'string' || topic.length === 0) return invalid(topic, 'a topic must be a non-empty string');
  if (topic.includes('\u0000')) return invalid(topic, 'a topic cannot contain the NUL character');
  if (topic.length > maxBytes || encoder.encode(topic).byteLength > maxBytes) {
    return err(
      new ContactmeshError(ErrorCode.INVALID_TOPIC, `Topic ${preview(topic)} is longer than ${maxBytes} bytes; use shorter ids.`, {
        value: topic,
        limit: maxBytes,
      }),
    );
  }
  return ok(topic);
}

const invalid = (topic: unknown, why: string): Result<never> =>
  err(new ContactmeshError(ErrorCode.INVALID_TOPIC, `Invalid topic ${preview(topic)}: ${why}.`, { value: topic }));
