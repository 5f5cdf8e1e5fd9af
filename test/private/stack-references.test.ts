import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { addStackReference, describeCycle } from '../../src/private/stack-references';

describe('addStackReference', () => {
  test('two top-level stacks: the reference back closes a cycle, which is returned and not recorded', () => {
    // GIVEN Network -> Data
    const app = new App();
    const network = new Stack(app, 'Network');
    const data = new Stack(app, 'Data');
    expect(addStackReference(network, data)).toBeUndefined();
    // WHEN Data -> Network THEN the cycle is named
    const cycle = addStackReference(data, network);
    expect(cycle && describeCycle(cycle)).toEqual('Data -> Network -> Data');
    // AND a third stack may still refer to both
    expect(addStackReference(new Stack(app, 'Service'), network)).toBeUndefined();
  });

  test('sibling nested stacks are units of their own; references between nested stacks of two top-level stacks are the top-level stacks\'', () => {
    const app = new App();
    const parent = new Stack(app, 'Parent');
    const one = new NestedStack(parent, 'One');
    const two = new NestedStack(parent, 'Two');
    expect(addStackReference(one, two)).toBeUndefined();
    expect(addStackReference(two, one)).toBeDefined();
    const other = new Stack(app, 'Other');
    expect(addStackReference(new NestedStack(other, 'Deep'), parent)).toBeUndefined();
    expect(addStackReference(parent, other)).toBeDefined();
  });

  test('a stack and one nested in it are not judged (their references are resource-level)', () => {
    const app = new App();
    const parent = new Stack(app, 'Parent');
    const nested = new NestedStack(parent, 'Nested');
    expect(addStackReference(parent, nested)).toBeUndefined();
    expect(addStackReference(nested, parent)).toBeUndefined();
  });

  test('each app has its own references', () => {
    const first = new App();
    expect(addStackReference(new Stack(first, 'A'), new Stack(first, 'B'))).toBeUndefined();
    const second = new App();
    const b = new Stack(second, 'B');
    expect(addStackReference(b, new Stack(second, 'A'))).toBeUndefined();
  });
});
