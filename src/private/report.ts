import { Annotations } from 'aws-cdk-lib';
import { ArtifactMetadataEntryType } from 'aws-cdk-lib/cloud-assembly-schema';
import { IConstruct } from 'constructs';
import { propMessage } from './errors';

/*
 * How the library reports a finding so that users can acknowledge it the CDK way, errors included.
 * Internal module, used by the connectivity check and the table lock-down.
 *
 * Warnings go through `addWarningV2`, which drops them when the id is acknowledged on the target's scopes
 * (the client, its stack, ...). CDK has no acknowledgement for errors and no public way to ask whether an
 * id is acknowledged, so a certain break is first added as that warning: if CDK keeps it, it is not
 * acknowledged and is turned into an error; if CDK drops it, the user acknowledged the id and nothing is
 * reported. Findings go on a client's resource rather than on the client itself because CDK honours an
 * acknowledgement made on a scope for warnings added to the scopes below it.
 */

/** Something to report: an id users can acknowledge, a message, and whether it is an error. */
export interface Reportable {
  readonly id: string;
  readonly certain: boolean;
  readonly message: string;
}

/**
 * The one path of the construct's own warnings: a warning of `id` on `target`, in the shape of the
 * construct's errors (`<prop or method>: <what is wrong>; <how to fix it>`).
 */
export function warn(target: IConstruct, id: string, prop: string, problem: string, fix: string): void {
  report(target, { id, certain: false, message: propMessage(prop, problem, fix) });
}

/** Reports on `target`: a warning, or an error unless the id is acknowledged. */
export function report(target: IConstruct, finding: Reportable): void {
  const annotations = Annotations.of(target);
  annotations.addWarningV2(finding.id, finding.message);
  if (!finding.certain) {
    return;
  }
  const tagged = `${finding.message} [ack: ${finding.id}]`;
  const kept = target.node.metadata.some((entry) => entry.type === ArtifactMetadataEntryType.WARN && entry.data === tagged);
  if (kept) {
    annotations.acknowledgeWarning(finding.id, 'reported as an error instead');
    annotations.addError(tagged);
  }
}
