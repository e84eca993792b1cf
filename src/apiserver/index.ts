// apiserver: the HTTPS Kubernetes API (routing, authn/authz seams, REST handlers, discovery,
// OpenAPI, tables, watch streams, request decoding).
export { ApiServer, kubernetesVersion, type ApiServerOptions, type Logger, type Mount, type MountResolver } from './server.ts';
export {
  bearerToken,
  MastersAuthorizer,
  StaticTokenAuthenticator,
  tokenHash,
  type AuthorizationAttributes,
  type AuthorizationDecision,
  type Authenticator,
  type Authorizer,
  type SubjectRules,
} from './auth.ts';
export { ensureTls, type TlsMaterial } from './tls.ts';
export type { ResourceCall, SubresourceHandler } from './resource-handler.ts';
export { objectBody } from './resource-handler.ts';
export { writeError, writeObject } from './responses.ts';
export { ServiceAccountTokens, clusterExtraKey, tokenRequestHandler, type ServiceAccountLookup } from './serviceaccount/index.ts';
export { ChainAuthenticator, type AuthenticationTarget } from './auth.ts';
export type { DynamicMount } from './server.ts';
export {
  applyImpersonation,
  bootstrapRbac,
  ClusterRoleAggregationController,
  isImpersonationHeader,
  RbacAuthorizer,
  rbacEscalationCheck,
  RbacIndex,
  spaceAdminRole,
  stripImpersonationHeaders,
  systemMasters,
  type EscalationCheckOptions,
  type RbacClient,
} from './rbac/index.ts';
export { FilteredListAuthorizer, filteredListReason } from './filtered-list-authorizer.ts';
