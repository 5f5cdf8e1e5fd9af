import { IConstruct } from 'constructs';
import { AccessView, addAccess } from './access-view';
import { appFactsOf } from './connectivity/app-facts';
import { runConnectivityCheck } from './connectivity/check';
import { recordSelfConfiguredClient } from './connectivity/clients';
import { recordServicePath } from './connectivity/service-acknowledgements';
import { ServiceSideFacts } from './connectivity/service-side';
import { duplicateGatewayEndpointErrors } from './gateway-uniqueness';
import { synthIndexFor } from './synth-index';
import { reportCost } from './workload/cost';
import { workloadEndpointsOwnedBy } from './workload/registry';
import { refreshRuntimeStatements } from './workload/runtime-endpoints';
import { duplicateWorkloadEndpointErrors } from './workload/uniqueness';

/*
 * The one door from the construct to its synth-time checks. Internal module.
 *
 * `registerAccess` records the access and adds its single validation, which runs, on one shared index
 * of the app per pass: the duplicate DynamoDB gateway endpoint check (errors that fail the synth) and the
 * connectivity check (findings reported on the clients). Why a validation and not an Aspect:
 * docs/design/connectivity-check.md.
 */

/** Records an access of the app and adds the validation that checks it. */
export function registerAccess(view: AccessView): void {
  addAccess(view);
  view.construct.node.addValidation({
    validate: () => {
      const index = synthIndexFor(view.construct);
      // What the clients of `addEndpointsFor` are granted now that the app is complete: the runtime endpoints' policies admit it.
      for (const record of workloadEndpointsOwnedBy(view.construct)) {
        refreshRuntimeStatements(record, appFactsOf(index).grants, index.derived('service-side-facts', () => new ServiceSideFacts(index.constructs)));
        reportCost(record);
      }
      const errors = [...duplicateGatewayEndpointErrors(view, index), ...duplicateWorkloadEndpointErrors(view, index)];
      if (view.connectivityCheck) {
        runConnectivityCheck(view, index);
      }
      return errors;
    },
  });
}

/** Records that a client reaches one service another way (a proxy, a route the check cannot see). */
export function acknowledgeServicePath(client: IConstruct, service: string, reason: string): void {
  recordServicePath(client, service, reason);
}

/** Records that a client points its SDK at the interface endpoint by itself. */
export function acknowledgeSelfConfiguredClient(client: IConstruct): void {
  recordSelfConfiguredClient(client);
}
