import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/*
 * The references between top-level stacks that the library's own constructs make (an endpoint policy
 * naming a table of another stack, an access on a VPC of another stack, a lock-down naming a VPC of
 * another stack), kept per app so that the one that would close a cycle is refused with the prop or
 * method at fault, instead of aws-cdk-lib's generic "cyclic reference" error. Internal module.
 * References within one top-level stack and its nested stacks are resource-level, not judged here.
 */

const REFERENCES = new WeakMap<IConstruct, Map<Stack, Set<Stack>>>();

/** The top-level stack a stack is deployed with (itself, or the root of its nested stacks). */
export function deploymentStack(stack: Stack): Stack {
  let current = stack;
  while (current.nestedStackParent !== undefined) {
    current = current.nestedStackParent;
  }
  return current;
}

/**
 * The stacks through which `to` already refers back to `from` (the cycle that a reference from `from` to
 * `to` would close), or undefined. Adds the reference when it closes no cycle.
 */
export function addStackReference(from: Stack, to: Stack): Stack[] | undefined {
  const source = deploymentStack(from);
  const target = deploymentStack(to);
  if (source === target) {
    return undefined;
  }
  const graph = graphOf(source);
  const path = pathBetween(graph, target, source);
  if (path !== undefined) {
    return path;
  }
  if (!graph.has(source)) {
    graph.set(source, new Set());
  }
  graph.get(source)!.add(target);
  return undefined;
}

/** A readable cycle: `A -> B -> A`. */
export function describeCycle(from: Stack, path: Stack[]): string {
  return [deploymentStack(from), ...path].map((stack) => stack.node.path).join(' -> ');
}

function graphOf(stack: Stack): Map<Stack, Set<Stack>> {
  const root = stack.node.root;
  let graph = REFERENCES.get(root);
  if (graph === undefined) {
    graph = new Map();
    REFERENCES.set(root, graph);
  }
  return graph;
}

/** A path of references from `start` to `goal` (both included), or undefined. */
function pathBetween(graph: Map<Stack, Set<Stack>>, start: Stack, goal: Stack): Stack[] | undefined {
  const seen = new Set<Stack>();
  const visit = (node: Stack): Stack[] | undefined => {
    if (node === goal) {
      return [node];
    }
    if (seen.has(node)) {
      return undefined;
    }
    seen.add(node);
    for (const next of graph.get(node) ?? []) {
      const rest = visit(next);
      if (rest !== undefined) {
        return [node, ...rest];
      }
    }
    return undefined;
  };
  return visit(start);
}
