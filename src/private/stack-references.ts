import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/*
 * The references between top-level stacks that the library's own constructs make (an endpoint policy
 * naming a table of another stack, an access on a VPC of another stack, a lock-down naming a VPC of
 * another stack), kept per app so that the one that would close a cycle is refused with the prop or
 * method at fault, instead of aws-cdk-lib's generic "cyclic reference" error (or, between nested
 * stacks, a template CloudFormation refuses at deploy). Internal module.
 *
 * A reference between two stacks makes the two deployment units that hold them wait for each other:
 * two top-level stacks, or two sibling nested stacks (the nested-stack resources of their nearest common
 * parent). A reference between a stack and one nested in it is resource-level and not judged here.
 */

const REFERENCES = new WeakMap<IConstruct, Map<Stack, Set<Stack>>>();

/** The stack and its parents, nearest first. */
function chainOf(stack: Stack): Stack[] {
  const chain = [stack];
  while (chain[chain.length - 1].nestedStackParent !== undefined) {
    chain.push(chain[chain.length - 1].nestedStackParent!);
  }
  return chain;
}

/** The two deployment units that a reference from `from` to `to` makes wait for each other, or undefined. */
function unitsOf(from: Stack, to: Stack): [Stack, Stack] | undefined {
  const fromChain = chainOf(from);
  const toChain = chainOf(to);
  const common = fromChain.find((stack) => toChain.includes(stack));
  if (common === undefined) {
    return [fromChain[fromChain.length - 1], toChain[toChain.length - 1]];
  }
  if (common === from || common === to) {
    return undefined; // a stack and one nested in it
  }
  return [fromChain[fromChain.indexOf(common) - 1], toChain[toChain.indexOf(common) - 1]];
}

/**
 * The units through which `to` already refers back to `from` (the cycle that a reference from `from` to
 * `to` would close), or undefined. Adds the reference when it closes no cycle.
 */
export function addStackReference(from: Stack, to: Stack): Stack[] | undefined {
  const units = unitsOf(from, to);
  if (units === undefined) {
    return undefined;
  }
  const [source, target] = units;
  const graph = graphOf(source);
  const path = pathBetween(graph, target, source);
  if (path !== undefined) {
    return [source, ...path];
  }
  if (!graph.has(source)) {
    graph.set(source, new Set());
  }
  graph.get(source)!.add(target);
  return undefined;
}

/** A readable cycle: `A -> B -> A`. */
export function describeCycle(cycle: Stack[]): string {
  return cycle.map((stack) => stack.node.path).join(' -> ');
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
