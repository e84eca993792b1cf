// Service-account tokens: issuing (TokenRequest) and authenticating them.
export { ServiceAccountTokens, clusterExtraKey, serviceAccountIssuer, type ServiceAccountLookup, type TokenRequestSpec } from './tokens.ts';
export { tokenRequestHandler } from './token-request.ts';
