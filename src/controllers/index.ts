// controllers: the behaviour every logical cluster owes its clients — namespace lifecycle,
// garbage collection, service accounts and the root CA — run by one shared controller manager.
export { ControllerManager, locateKey, type Controller, type ControllerLogger, type ObjectEvent } from './runtime/manager.ts';
export { SystemClient, ResourceClient, controllerUser } from './runtime/client.ts';
export { WorkQueue, TerminalError, type ReconcileResult } from './runtime/work-queue.ts';
export { bootstrapCluster, clusterControllers, systemNamespaces, type ClusterBehaviour, type ClusterControllerOptions } from './bootstrap.ts';
export { NamespaceController } from './namespace/namespace-controller.ts';
export { checkNamespaceDeletion, immortalNamespaces, namespaceLifecycleCheck, type NamespaceCheck } from './namespace/admission.ts';
export { finalizeNamespace, finalizerKubernetes, namespaceFinalizeEndpoint, namespaceFinalizeInfo } from './namespace/finalize.ts';
export { withDeletionConditions, type DeletionOutcome, type NamespaceCondition } from './namespace/conditions.ts';
export { ServiceAccountsController, defaultServiceAccountName } from './serviceaccounts/serviceaccounts-controller.ts';
export { RootCACertPublisher, descriptionAnnotation, rootCACertConfigMapName, rootCADescription } from './serviceaccounts/root-ca-publisher.ts';
export { GarbageCollector } from './garbagecollector/garbage-collector.ts';
export { OwnerGraph, type ObjectRef } from './garbagecollector/graph.ts';
export { CrdController, crdController } from './crd/index.ts';
