/**
 * How deeply objects and lists nest in a value a caller sent, measured with an explicit stack.
 * Everything else that walks such a value (graphql-js, zod, JSON.stringify, the audit trail's
 * secret hashing) recurses, and a value nested a few thousand levels deep overflows the stack
 * there; this walk cannot overflow, so it can stand in front of all of them.
 */
import { Kind, type ValueNode } from 'graphql';

/** True when objects and lists in `value` nest deeper than `max` levels (a scalar is level 0). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  return deeperThan(value, max, (node) => (typeof node === 'object' && node !== null ? Object.values(node) : undefined));
}

/** The same measure for a GraphQL literal (`{ a: [1] }` is two levels). */
export function literalNestsDeeperThan(literal: ValueNode, max: number): boolean {
  return deeperThan<ValueNode>(literal, max, (node) => {
    if (node.kind === Kind.OBJECT) return node.fields.map((field) => field.value);
    if (node.kind === Kind.LIST) return node.values;
    return undefined;
  });
}

/** Depth-first with a work list; stops at the first container beyond `max`, so a cycle ends it too. */
function deeperThan<T>(root: T, max: number, childrenOf: (node: T) => readonly T[] | undefined): boolean {
  const pending: { node: T; depth: number }[] = [{ node: root, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const children = childrenOf(next.node);
    if (children === undefined) continue;
    if (next.depth >= max) return true;
    for (const child of children) pending.push({ node: child, depth: next.depth + 1 });
  }
  return false;
}
