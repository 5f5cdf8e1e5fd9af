/*
 * Long lists of IAM actions for ./prefixes.data.ts (internal data). Each list is the IAM actions of the prefix
 * whose name is an operation of exactly one of the AWS SDK's service models that share the prefix (botocore
 * 1.44.18, data/<service>/<version>/service-2.json), so the call goes to that model's endpoint. Actions that are
 * operations of several models (TagResource, ...) or of none (permissions only) keep the prefix's default.
 * How they were computed, and how to redo it: docs/design/service-catalogue.md. The lists added for the long tail
 * (IoT, Personalize, AppRegistry, Transcribe streaming, Quick) say their own source.
 */

/** Amazon Bedrock: the IAM actions (prefix `bedrock`) served by each endpoint other than `bedrock`. */
export const BEDROCK_ACTIONS = {
  /** bedrock-runtime (7 actions). */
  runtime: [
    'ApplyGuardrail', 'CountTokens', 'GetAsyncInvoke', 'InvokeGuardrailChecks', 'InvokeModel', 'InvokeModelWithResponseStream',
    'ListAsyncInvokes',
  ],
  /** bedrock-data-automation-runtime (3 actions). */
  dataAutomationRuntime: [
    'GetDataAutomationStatus', 'InvokeDataAutomation', 'InvokeDataAutomationAsync',
  ],
  /** bedrock-agent-runtime (31 actions). */
  agentRuntime: [
    'AgenticRetrieveStream', 'CheckIngestedDocumentAcl', 'CreateInvocation', 'CreateSession', 'DeleteAgentMemory', 'DeleteSession',
    'EndSession', 'GenerateQuery', 'GetAgentMemory', 'GetDocumentContent', 'GetExecutionFlowSnapshot', 'GetFlowExecution',
    'GetIngestedDocumentAcl', 'GetInvocationStep', 'GetSession', 'InvokeAgent', 'InvokeFlow', 'InvokeInlineAgent',
    'ListFlowExecutionEvents', 'ListFlowExecutions', 'ListInvocationSteps', 'ListInvocations', 'ListSessions', 'OptimizePrompt',
    'PutInvocationStep', 'Rerank', 'Retrieve', 'RetrieveAndGenerate', 'StartFlowExecution', 'StopFlowExecution', 'UpdateSession',
  ],
  /** bedrock-agent (69 actions). */
  agent: [
    'AssociateAgentCollaborator', 'AssociateAgentKnowledgeBase', 'CreateAgent', 'CreateAgentActionGroup', 'CreateAgentAlias',
    'CreateDataSource', 'CreateFlow', 'CreateFlowAlias', 'CreateFlowVersion', 'CreateKnowledgeBase', 'CreatePrompt', 'CreatePromptVersion',
    'DeleteAgent', 'DeleteAgentActionGroup', 'DeleteAgentAlias', 'DeleteAgentVersion', 'DeleteDataSource', 'DeleteFlow', 'DeleteFlowAlias',
    'DeleteFlowVersion', 'DeleteKnowledgeBase', 'DeleteKnowledgeBaseDocuments', 'DeletePrompt', 'DisassociateAgentCollaborator',
    'DisassociateAgentKnowledgeBase', 'GetAgent', 'GetAgentActionGroup', 'GetAgentAlias', 'GetAgentCollaborator', 'GetAgentKnowledgeBase',
    'GetAgentVersion', 'GetDataSource', 'GetFlow', 'GetFlowAlias', 'GetFlowVersion', 'GetIngestionJob', 'GetKnowledgeBase',
    'GetKnowledgeBaseDocuments', 'GetPrompt', 'IngestKnowledgeBaseDocuments', 'ListAgentActionGroups', 'ListAgentAliases',
    'ListAgentCollaborators', 'ListAgentKnowledgeBases', 'ListAgentVersions', 'ListAgents', 'ListDataSources', 'ListFlowAliases',
    'ListFlowVersions', 'ListFlows', 'ListIngestionJobs', 'ListKnowledgeBaseDocuments', 'ListKnowledgeBases', 'ListPrompts',
    'PrepareAgent', 'PrepareFlow', 'StartIngestionJob', 'StopIngestionJob', 'UpdateAgent', 'UpdateAgentActionGroup', 'UpdateAgentAlias',
    'UpdateAgentCollaborator', 'UpdateAgentKnowledgeBase', 'UpdateDataSource', 'UpdateFlow', 'UpdateFlowAlias', 'UpdateKnowledgeBase',
    'UpdatePrompt', 'ValidateFlowDefinition',
  ],
  /** bedrock-data-automation (24 actions). */
  dataAutomation: [
    'CopyBlueprintStage', 'CreateBlueprint', 'CreateBlueprintVersion', 'CreateDataAutomationLibrary', 'CreateDataAutomationProject',
    'DeleteBlueprint', 'DeleteDataAutomationLibrary', 'DeleteDataAutomationProject', 'GetBlueprint', 'GetBlueprintOptimizationStatus',
    'GetDataAutomationLibrary', 'GetDataAutomationLibraryEntity', 'GetDataAutomationLibraryIngestionJob', 'GetDataAutomationProject',
    'InvokeBlueprintOptimizationAsync', 'InvokeDataAutomationLibraryIngestionJob', 'ListBlueprints', 'ListDataAutomationLibraries',
    'ListDataAutomationLibraryEntities', 'ListDataAutomationLibraryIngestionJobs', 'ListDataAutomationProjects', 'UpdateBlueprint',
    'UpdateDataAutomationLibrary', 'UpdateDataAutomationProject',
  ],
} as const;

/** Amazon SES Mail Manager: the IAM actions (prefix `ses`) of the MailManager model, served by `mail-manager` (57 actions). */
export const MAIL_MANAGER_ACTIONS: readonly string[] = [
  'CreateAddonInstance', 'CreateAddonSubscription', 'CreateAddressList', 'CreateAddressListImportJob', 'CreateArchive',
  'CreateIngressPoint', 'CreateRelay', 'CreateRuleSet', 'CreateTrafficPolicy', 'DeleteAddonInstance', 'DeleteAddonSubscription',
  'DeleteAddressList', 'DeleteArchive', 'DeleteIngressPoint', 'DeleteRelay', 'DeleteRuleSet', 'DeleteTrafficPolicy',
  'DeregisterMemberFromAddressList', 'GetAddonInstance', 'GetAddonSubscription', 'GetAddressList', 'GetAddressListImportJob', 'GetArchive',
  'GetArchiveExport', 'GetArchiveMessage', 'GetArchiveMessageContent', 'GetArchiveSearch', 'GetArchiveSearchResults', 'GetIngressPoint',
  'GetMemberOfAddressList', 'GetRelay', 'GetRuleSet', 'GetTrafficPolicy', 'ListAddonInstances', 'ListAddonSubscriptions',
  'ListAddressListImportJobs', 'ListAddressLists', 'ListArchiveExports', 'ListArchiveSearches', 'ListArchives', 'ListIngressPoints',
  'ListMembersOfAddressList', 'ListRelays', 'ListRuleSets', 'ListTrafficPolicies', 'RegisterMemberToAddressList',
  'StartAddressListImportJob', 'StartArchiveExport', 'StartArchiveSearch', 'StopAddressListImportJob', 'StopArchiveExport',
  'StopArchiveSearch', 'UpdateArchive', 'UpdateIngressPoint', 'UpdateRelay', 'UpdateRuleSet', 'UpdateTrafficPolicy',
];

/**
 * AWS IoT Core: the IAM actions (prefix `iot`) served by the data plane endpoint `iot.data`: the operations of the
 * IoT Data Plane model only (botocore `iot-data`, endpoint prefix `data-ats.iot`, 11 actions), and the MQTT
 * permissions of devices connecting to the data endpoint (`Connect`, `Subscribe`, `Receive`, `RetainPublish`).
 */
export const IOT_DATA_ACTIONS: readonly string[] = [
  'Connect', 'DeleteConnection', 'DeleteThingShadow', 'GetConnection', 'GetRetainedMessage', 'GetThingShadow', 'ListNamedShadowsForThing',
  'ListRetainedMessages', 'ListSubscriptions', 'Publish', 'Receive', 'RetainPublish', 'SendDirectMessage', 'Subscribe', 'UpdateThingShadow',
];

/** Amazon Personalize: the IAM actions (prefix `personalize`) of the models `personalize-events` and `personalize-runtime`. */
export const PERSONALIZE_ACTIONS = {
  /** personalize-events (5 actions). */
  events: ['PutActionInteractions', 'PutActions', 'PutEvents', 'PutItems', 'PutUsers'],
  /** personalize-runtime (3 actions). */
  runtime: ['GetActionRecommendations', 'GetPersonalizedRanking', 'GetRecommendations'],
} as const;

/** AWS Service Catalog AppRegistry: the IAM actions (prefix `servicecatalog`) of the AppRegistry model only (24 actions). */
export const APPREGISTRY_ACTIONS: readonly string[] = [
  'AssociateAttributeGroup', 'AssociateResource', 'CreateApplication', 'CreateAttributeGroup', 'DeleteApplication', 'DeleteAttributeGroup',
  'DisassociateAttributeGroup', 'DisassociateResource', 'GetApplication', 'GetAssociatedResource', 'GetAttributeGroup', 'GetConfiguration',
  'ListApplications', 'ListAssociatedAttributeGroups', 'ListAssociatedResources', 'ListAttributeGroups', 'ListAttributeGroupsForApplication',
  'ListTagsForResource', 'PutConfiguration', 'SyncResource', 'TagResource', 'UntagResource', 'UpdateApplication', 'UpdateAttributeGroup',
];

/**
 * Amazon Transcribe: the IAM actions (prefix `transcribe`) of the streaming API (the commands of the AWS SDK for
 * JavaScript v3 `client-transcribe-streaming`, and their WebSocket permissions), served by `transcribestreaming`.
 */
export const TRANSCRIBE_STREAMING_ACTIONS: readonly string[] = [
  'GetMedicalScribeStream', 'StartCallAnalyticsStreamTranscription', 'StartCallAnalyticsStreamTranscriptionWebSocket',
  'StartMedicalScribeStream', 'StartMedicalStreamTranscription', 'StartMedicalStreamTranscriptionWebSocket', 'StartStreamTranscription',
  'StartStreamTranscriptionWebSocket',
];

/** Amazon Quick: the API operations (prefix `quicksight`) that the Quick page says the `quicksight` interface endpoint does not serve. */
export const QUICKSIGHT_NO_ENDPOINT_ACTIONS: readonly string[] = [
  'CreateActionConnector', 'DeleteActionConnector', 'DescribeActionConnector', 'DescribeActionConnectorPermissions', 'ListActionConnectors',
  'SearchActionConnectors', 'UpdateActionConnector', 'UpdateActionConnectorPermissions', 'GetFlowMetadata', 'GetFlowPermissions', 'ListFlows',
  'SearchFlows', 'UpdateFlowPermissions',
];
