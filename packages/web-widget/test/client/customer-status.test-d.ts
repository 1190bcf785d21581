import type { CustomerStatus as CoreStatus } from '@contactmesh/core';
import { expectTypeOf, test } from 'vitest';
import type { CommandKind, CustomerCommand, CustomerStatus } from '../../src/client/index.js';

// The widget keeps its own copy of the wire types (core's codecs would not fit its size budget);
// these checks fail the build when the two drift apart.

test("the widget's CustomerStatus is core's, field for field", () => {
  expectTypeOf<CustomerStatus>().toEqualTypeOf<CoreStatus>();
});

test("the widget's commands are the kinds core's status allows", () => {
  expectTypeOf<CommandKind>().toEqualTypeOf<CoreStatus['allowedCommands'][number]>();
  expectTypeOf<CustomerCommand['kind']>().toEqualTypeOf<CommandKind>();
});
