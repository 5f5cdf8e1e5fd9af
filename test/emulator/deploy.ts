import {
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  paginateListStackResources,
  StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { CfnTemplate } from './emulator-template';
import { MotoServer } from './moto';

/** A stack that reached CREATE_COMPLETE in the emulator. */
export interface DeployedStack {
  readonly name: string;
  readonly stackId: string;
  /** The template that was deployed (after the emulator rewrites). */
  readonly template: CfnTemplate;
  readonly outputs: { [name: string]: string };
  /** Logical id to physical id, for every resource of the template. */
  readonly physicalIds: { [logicalId: string]: string };
}

/**
 * Creates a stack from a template with `CreateStack`, waits until it is no longer in progress, and
 * returns it when it reached CREATE_COMPLETE with every resource of the template created. Otherwise it
 * rejects with the reason and the stack's events.
 */
export async function deployStack(
  server: MotoServer, name: string, template: CfnTemplate, options: { timeoutMs?: number } = {},
): Promise<DeployedStack> {
  const cfn = server.cloudFormation;
  try {
    await cfn.send(new CreateStackCommand({
      StackName: name,
      TemplateBody: JSON.stringify(template),
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
    }));
  } catch (error) {
    // moto creates resources inside the CreateStack call, so a failing resource surfaces here (often as
    // an HTTP 400/500), and the stack stays CREATE_IN_PROGRESS.
    throw new Error(`CreateStack ${name} failed: ${describeError(error)}${await eventsOf(server, name)}`);
  }

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let status = 'CREATE_IN_PROGRESS';
  let stack;
  while (status.endsWith('_IN_PROGRESS')) {
    if (Date.now() > deadline) {
      throw new Error(`stack ${name} is still ${status} after ${options.timeoutMs ?? 60_000} ms${await eventsOf(server, name)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
    stack = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
    status = stack?.StackStatus ?? 'MISSING';
  }
  if (status !== 'CREATE_COMPLETE') {
    throw new Error(`stack ${name} ended in ${status} (${stack?.StackStatusReason ?? 'no reason given'})${await eventsOf(server, name)}`);
  }

  const summaries: StackResourceSummary[] = [];
  for await (const page of paginateListStackResources({ client: cfn }, { StackName: name })) {
    summaries.push(...(page.StackResourceSummaries ?? []));
  }
  const physicalIds = Object.fromEntries(summaries.map((summary) => [summary.LogicalResourceId!, summary.PhysicalResourceId!]));
  // Emulator gap guard: moto skips resource types it does not implement without an error. Every resource
  // of the template must have been created, or the deployment is not what the template says.
  const skipped = Object.entries(template.Resources).filter(([logicalId]) => physicalIds[logicalId] === undefined);
  if (skipped.length > 0) {
    throw new Error(`stack ${name}: the emulator did not create ${skipped.map(([id, resource]) => `${id} (${resource.Type})`).join(', ')}; ` +
      'it skips types it does not implement: add a step for them in test/emulator/emulator-template.ts');
  }
  const incomplete = summaries.filter((summary) => summary.ResourceStatus !== 'CREATE_COMPLETE');
  if (incomplete.length > 0) {
    throw new Error(`stack ${name}: ${incomplete.map((s) => `${s.LogicalResourceId} is ${s.ResourceStatus}`).join(', ')}${await eventsOf(server, name)}`);
  }

  return {
    name,
    stackId: stack!.StackId!,
    template,
    outputs: Object.fromEntries((stack!.Outputs ?? []).map((output) => [output.OutputKey!, output.OutputValue!])),
    physicalIds,
  };
}

/** The stack's events, newest first, formatted for an error message. */
async function eventsOf(server: MotoServer, name: string): Promise<string> {
  try {
    const { StackEvents = [] } = await server.cloudFormation.send(new DescribeStackEventsCommand({ StackName: name }));
    const lines = StackEvents.slice(0, 30).map((event) =>
      `  ${event.LogicalResourceId} ${event.ResourceType} ${event.ResourceStatus}${event.ResourceStatusReason ? `: ${event.ResourceStatusReason}` : ''}`);
    return lines.length === 0 ? '\nstack events: none' : `\nstack events (newest first):\n${lines.join('\n')}`;
  } catch (error) {
    return `\nstack events: unavailable (${describeError(error)})`;
  }
}

function describeError(error: unknown): string {
  const failure = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = failure.$metadata?.httpStatusCode;
  return `${failure.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}: ${failure.message ?? String(error)}`;
}
