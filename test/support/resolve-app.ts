import { CfnResource, NestedStack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { TemplateResolver, TestEnvironment } from './resolve-template';

/**
 * The templates of a synthesized app, resolved together: a stack's `Fn::ImportValue` is the value that
 * another stack of the app exports, a nested stack's parameters are what its parent passes, and every
 * stack gets its own generated ids (the same logical id in two stacks is two resources).
 */
export class AppResolver {
  private readonly resolvers = new Map<string, TemplateResolver>();
  /** Nested stacks by their parent's stack name and resource id, registered by `withNestedStacks()`. */
  private readonly nestedStacks = new Map<string, NestedStack>();

  constructor(private readonly assembly: cxapi.CloudAssembly, private readonly envOf: (stackName: string) => Partial<TestEnvironment> = () => ({})) {}

  /** The resolver of a top-level stack of the app, by its stack name. */
  public stack(stackName: string): TemplateResolver {
    let resolver = this.resolvers.get(stackName);
    if (resolver === undefined) {
      const artifact = this.assembly.getStackByName(stackName);
      resolver = new TemplateResolver(artifact.template, this.envOf(stackName), {
        idSeed: stackName,
        importValue: (name) => this.exported(name),
        nestedOutput: (logicalId, output) => this.nestedOutput(stackName, logicalId, output),
      });
      this.resolvers.set(stackName, resolver);
    }
    return resolver;
  }

  /** The resolver of a nested stack: its template, and its parameters as its parent's resource passes them. */
  public nested(parentStackName: string, nestedStack: NestedStack): TemplateResolver {
    const parentStack = nestedStack.nestedStackParent!;
    const resourceId = parentStack.getLogicalId(nestedStack.nestedStackResource as CfnResource);
    const key = `${parentStackName}/${resourceId}`;
    let resolver = this.resolvers.get(key);
    if (resolver === undefined) {
      const parent = this.stack(parentStackName);
      const resource = (this.assembly.getStackByName(parentStackName).template as any).Resources[resourceId];
      const parameters = parent.resolve(resource.Properties?.Parameters ?? {});
      resolver = new TemplateResolver(Template.fromStack(nestedStack).toJSON(), this.envOf(parentStackName), {
        idSeed: key, parameters, importValue: (name) => this.exported(name),
      });
      this.resolvers.set(key, resolver);
    }
    return resolver;
  }

  /** Makes the nested stacks of `stacks` resolvable from their parents' `Fn::GetAtt ... Outputs.*`. */
  public withNestedStacks(stacks: NestedStack[]): this {
    for (const nestedStack of stacks) {
      const parentStack = nestedStack.nestedStackParent!;
      this.nestedStacks.set(`${parentStack.stackName}/${parentStack.getLogicalId(nestedStack.nestedStackResource as CfnResource)}`, nestedStack);
    }
    return this;
  }

  private nestedOutput(parentStackName: string, resourceId: string, output: string): unknown {
    const nestedStack = this.nestedStacks.get(`${parentStackName}/${resourceId}`);
    if (nestedStack === undefined) {
      throw new Error(`resolve-app: nested stack ${parentStackName}/${resourceId} is not known; pass it to withNestedStacks()`);
    }
    return this.nested(parentStackName, nestedStack).outputs()[output]?.value;
  }

  /** The value another stack exports under `exportName`. */
  private exported(exportName: string): unknown {
    for (const artifact of this.assembly.stacks) {
      const outputs = (artifact.template as any).Outputs ?? {};
      for (const output of Object.values<any>(outputs)) {
        if (output.Export !== undefined && this.stack(artifact.stackName).resolve(output.Export.Name) === exportName) {
          return this.stack(artifact.stackName).resolve(output.Value);
        }
      }
    }
    throw new Error(`resolve-app: no stack of the app exports ${exportName}`);
  }
}
