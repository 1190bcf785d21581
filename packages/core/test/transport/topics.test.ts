import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors/codes.js';
import { sharedSubscription, topicMatches, validateFilter, validateTopic } from '../../src/transport/topics.js';

describe('topic rules', () => {
  it.each([
    ['cm/demo/inbox/london', 'cm/demo/inbox/london', true],
    ['cm/+/inbox/london', 'cm/demo/inbox/london', true],
    ['cm/demo/#', 'cm/demo/inbox/london', true],
    ['cm/demo/#', 'cm/demo', true],
    ['#', 'cm/demo', true],
    ['cm/+', 'cm/demo/inbox', false],
    ['cm/demo/inbox', 'cm/demo/inbox/london', false],
    ['cm/demo/inbox/london/x', 'cm/demo/inbox/london', false],
    ['+/x', '$SYS/x', false],
    ['#', '$SYS/x', false],
    ['$SYS/#', '$SYS/x', true],
    ['cm//x', 'cm//x', true],
    ['cm/+/x', 'cm//x', true],
    ['$share/gw/cm/demo/#', 'cm/demo/x', true],
    ['$share/gw/cm/+', 'cm/demo', true],
    ['$share/gw/cm/+', '$share/gw/cm/demo', false],
    ['$share/gw/#', '$SYS/x', false],
  ])('filter %s matches topic %s: %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });

  it.each([[''], ['cm/+/x'], ['cm/#'], ['a\u0000b'], ['x'.repeat(513)], ['$share/gw/cm/x']])('refuses %j as a publish topic', (topic) => {
    const result = validateTopic(topic);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(ErrorCode.INVALID_TOPIC);
  });

  it.each([
    ['cm/#/x'],
    ['cm/a#'],
    ['cm/a+/x'],
    [''],
    ['$share/gw'],
    ['$share/gw/'],
    ['$share//cm/x'],
    ['$share/+/cm/x'],
    ['$share/g#/x'],
    ['$share/gw/cm/#/x'],
  ])('refuses %j as a filter', (filter) => {
    const result = validateFilter(filter);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(ErrorCode.INVALID_TOPIC);
  });

  it('takes $share/{group}/{filter} as a shared subscription and any other filter as it is', () => {
    expect(validateFilter('$share/gateways/cm/demo/#').ok).toBe(true);
    expect(sharedSubscription('$share/gateways/cm/demo/#')).toEqual({ group: 'gateways', filter: 'cm/demo/#' });
    expect(sharedSubscription('cm/demo/#')).toBeUndefined();
    expect(sharedSubscription('$SYS/#')).toBeUndefined();
    expect(validateTopic('$share').ok).toBe(true);
  });

  it('measures the length limit in UTF-8 bytes', () => {
    expect(validateTopic('é'.repeat(256)).ok).toBe(true);
    expect(validateTopic('é'.repeat(257)).ok).toBe(false);
  });

  it('matches a topic by itself, by # and by + in every level (property)', () => {
    const level = fc.stringMatching(/^[a-z0-9-]{0,8}$/);
    fc.assert(
      fc.property(fc.array(level, { minLength: 1, maxLength: 6 }), fc.nat(), (levels, at) => {
        const topic = levels.join('/');
        expect(topicMatches(topic, topic)).toBe(true);
        expect(topicMatches('#', topic)).toBe(true);
        const plus = levels.map((l, i) => (i === at % levels.length ? '+' : l)).join('/');
        expect(topicMatches(plus, topic)).toBe(true);
        expect(topicMatches(`${topic}/+`, topic)).toBe(false);
        expect(topicMatches(`${levels.slice(0, -1).join('/')}${levels.length > 1 ? '/' : ''}#`, topic)).toBe(true);
      }),
    );
  });
});
