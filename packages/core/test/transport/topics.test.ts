import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors/codes.js';
import { topicMatches, validateFilter, validateTopic } from '../../src/transport/topics.js';

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
  ])('filter %s matches topic %s: %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });

  it.each([[''], ['cm/+/x'], ['cm/#'], ['a\u0000b'], ['x'.repeat(513)]])('refuses %j as a publish topic', (topic) => {
    const result = validateTopic(topic);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(ErrorCode.INVALID_TOPIC);
  });

  it.each([['cm/#/x'], ['cm/a#'], ['cm/a+/x'], ['']])('refuses %j as a filter', (filter) => {
    expect(validateFilter(filter).ok).toBe(false);
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
