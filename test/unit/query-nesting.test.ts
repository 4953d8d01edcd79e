import { parse } from 'graphql';
import { MAX_NESTING, nestingDepth, nestingError } from '../../src/query-limits';

/** The bracket depth of a query, counted before graphql-js's recursive parser sees it. */
describe('nestingDepth', () => {
  it('counts braces, brackets and parentheses', () => {
    expect(nestingDepth('{ health { ok } }')).toBe(2);
    expect(nestingDepth('mutation { createOrder(input: { items: [[1]] }) { orderDate } }')).toBe(5);
    expect(nestingDepth('')).toBe(0);
  });

  it('skips strings, block strings and comments, escapes included', () => {
    expect(nestingDepth('{ a(s: "[[[{{{") }')).toBe(2);
    expect(nestingDepth('{ a(s: "\\"[[[") }')).toBe(2);
    expect(nestingDepth('{ a(s: "\\\\") { b { c } } }')).toBe(3);
    expect(nestingDepth('{ a(s: """ [[[ " "" \\""" ((( """) }')).toBe(2);
    expect(nestingDepth('{ a # [[[[ ((( \n { b } }')).toBe(2);
    expect(nestingDepth('{ a # [[[[ \r [ }')).toBe(2);
  });

  it('stops counting past the limit', () => {
    expect(nestingDepth('['.repeat(10_000), 128)).toBe(129);
  });

  it('refuses past MAX_NESTING (128), and takes what graphql-js parses', () => {
    const list = (n: number) => `mutation { createOrder(input: { items: ${'['.repeat(n)}1${']'.repeat(n)} }) { orderDate } }`;
    expect(nestingError(list(MAX_NESTING - 3))).toBeUndefined();
    expect(() => parse(list(MAX_NESTING - 3))).not.toThrow();
    expect(nestingError(list(MAX_NESTING - 2))).toBe('Query nests more than 128 brackets deep');
    expect(nestingError(list(2000))).toBe('Query nests more than 128 brackets deep');
    expect(nestingError(undefined)).toBeUndefined();
  });
});
