/*
 * Dependency cycles among a template's resources, as CloudFormation sees them: `Ref`, `Fn::GetAtt`,
 * `${...}` in `Fn::Sub`, and `DependsOn`. A cycle fails the deploy (cfn-lint E3004) even though synth passes.
 */

/** The resources each resource of a template depends on. */
export function dependencies(template: any): Map<string, Set<string>> {
  const resources = new Set(Object.keys(template.Resources ?? {}));
  const graph = new Map<string, Set<string>>();
  const collect = (value: unknown, into: Set<string>): void => {
    if (Array.isArray(value)) {
      value.forEach((item) => collect(item, into));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, entry] of Object.entries(value)) {
        if (key === 'Ref' && typeof entry === 'string') {
          into.add(entry);
        } else if (key === 'Fn::GetAtt') {
          into.add(Array.isArray(entry) ? entry[0] : String(entry).split('.')[0]);
        } else if (key === 'Fn::Sub') {
          const text = Array.isArray(entry) ? entry[0] : entry;
          for (const match of String(text).matchAll(/\$\{([^}!.]+)/g)) {
            into.add(match[1]);
          }
          collect(Array.isArray(entry) ? entry[1] : undefined, into);
        } else {
          collect(entry, into);
        }
      }
    }
  };
  for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {})) {
    const targets = new Set<string>([resource.DependsOn ?? []].flat());
    collect(resource.Properties, targets);
    graph.set(logicalId, new Set([...targets].filter((target) => resources.has(target))));
  }
  return graph;
}

/** A dependency cycle among a template's resources (as logical ids, first repeated last), or undefined. */
export function findDependencyCycle(template: any): string[] | undefined {
  const graph = dependencies(template);
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'visiting') {
      return [...path.slice(path.indexOf(node)), node];
    }
    if (state.get(node) === 'done') {
      return undefined;
    }
    state.set(node, 'visiting');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) {
        return cycle;
      }
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) {
      return cycle;
    }
  }
  return undefined;
}
