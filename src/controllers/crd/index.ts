// controllers/crd: the CustomResourceDefinition controller (names, Established, serving through
// the catalog, and cleanup of a deleted CRD's objects), shared by every logical cluster.
export { CrdController, crdController } from './controller.ts';
export { acceptNames, claimOrder, type NamingResult } from './naming.ts';
export { cleanupCrd, needsCleanup, type CleanupOutcome } from './cleanup.ts';
