// Discovery facts of the built-in resources that @kubernetes/client-node does not carry: which
// group versions we serve and in what order, short names, categories, and the kinds of the
// subresources that stream (connect) rather than exchange an object. Everything else about a
// resource (plural, scope, verbs, kinds, subresources) is derived from client-node's REST paths
// by scripts/generate-builtin-schemas.ts. Facts checked against upstream discovery
// (kube-apiserver's aggregated discovery documents and pkg/registry/*/rest storage).

/** The served group versions, in discovery preference order (kube-apiserver's group priority). */
export const servedGroupVersions: readonly string[] = [
  'v1',
  'apps/v1',
  'events.k8s.io/v1',
  'authentication.k8s.io/v1',
  'authorization.k8s.io/v1',
  'autoscaling/v2',
  'autoscaling/v1',
  'batch/v1',
  'certificates.k8s.io/v1',
  'networking.k8s.io/v1',
  'policy/v1',
  'rbac.authorization.k8s.io/v1',
  'storage.k8s.io/v1',
  'admissionregistration.k8s.io/v1',
  'apiextensions.k8s.io/v1',
  'scheduling.k8s.io/v1',
  'coordination.k8s.io/v1',
  'node.k8s.io/v1',
  'discovery.k8s.io/v1',
];

/** Short names by "<group/version>/<resource>" (upstream: each storage's ShortNames()). */
export const shortNames: Readonly<Record<string, string[]>> = {
  'v1/componentstatuses': ['cs'],
  'v1/configmaps': ['cm'],
  'v1/endpoints': ['ep'],
  'v1/events': ['ev'],
  'v1/limitranges': ['limits'],
  'v1/namespaces': ['ns'],
  'v1/nodes': ['no'],
  'v1/persistentvolumeclaims': ['pvc'],
  'v1/persistentvolumes': ['pv'],
  'v1/pods': ['po'],
  'v1/replicationcontrollers': ['rc'],
  'v1/resourcequotas': ['quota'],
  'v1/serviceaccounts': ['sa'],
  'v1/services': ['svc'],
  'apps/v1/daemonsets': ['ds'],
  'apps/v1/deployments': ['deploy'],
  'apps/v1/replicasets': ['rs'],
  'apps/v1/statefulsets': ['sts'],
  'events.k8s.io/v1/events': ['ev'],
  'autoscaling/v2/horizontalpodautoscalers': ['hpa'],
  'autoscaling/v1/horizontalpodautoscalers': ['hpa'],
  'batch/v1/cronjobs': ['cj'],
  'certificates.k8s.io/v1/certificatesigningrequests': ['csr'],
  'networking.k8s.io/v1/ingresses': ['ing'],
  'networking.k8s.io/v1/ipaddresses': ['ip'],
  'networking.k8s.io/v1/networkpolicies': ['netpol'],
  'policy/v1/poddisruptionbudgets': ['pdb'],
  'storage.k8s.io/v1/storageclasses': ['sc'],
  'storage.k8s.io/v1/volumeattributesclasses': ['vac'],
  'apiextensions.k8s.io/v1/customresourcedefinitions': ['crd', 'crds'],
  'scheduling.k8s.io/v1/priorityclasses': ['pc'],
};

/** Categories by "<group/version>/<resource>" (upstream: each storage's Categories()). */
export const categories: Readonly<Record<string, string[]>> = {
  // `kubectl get all`
  'v1/pods': ['all'],
  'v1/replicationcontrollers': ['all'],
  'v1/services': ['all'],
  'apps/v1/daemonsets': ['all'],
  'apps/v1/deployments': ['all'],
  'apps/v1/replicasets': ['all'],
  'apps/v1/statefulsets': ['all'],
  'autoscaling/v2/horizontalpodautoscalers': ['all'],
  'autoscaling/v1/horizontalpodautoscalers': ['all'],
  'batch/v1/cronjobs': ['all'],
  'batch/v1/jobs': ['all'],
  // `kubectl get api-extensions`
  'admissionregistration.k8s.io/v1/mutatingadmissionpolicies': ['api-extensions'],
  'admissionregistration.k8s.io/v1/mutatingadmissionpolicybindings': ['api-extensions'],
  'admissionregistration.k8s.io/v1/mutatingwebhookconfigurations': ['api-extensions'],
  'admissionregistration.k8s.io/v1/validatingadmissionpolicies': ['api-extensions'],
  'admissionregistration.k8s.io/v1/validatingadmissionpolicybindings': ['api-extensions'],
  'admissionregistration.k8s.io/v1/validatingwebhookconfigurations': ['api-extensions'],
  'apiextensions.k8s.io/v1/customresourcedefinitions': ['api-extensions'],
};

/**
 * Verbs by "<group/version>/<resource>" where upstream discovery differs from what the REST
 * paths suggest: componentstatuses take the generic list parameters (watch among them) but
 * their storage cannot watch.
 */
export const verbOverrides: Readonly<Record<string, string[]>> = {
  'v1/componentstatuses': ['get', 'list'],
};

/**
 * The kinds of connect subresources, by "<group/version>/<resource>/<subresource>". Their REST
 * operations return a byte stream, so client-node has no model for them; upstream discovery
 * names the options kind the request is decoded into (pods/log answers with Pod).
 */
export const connectSubresourceKinds: Readonly<Record<string, { group: string; version: string; kind: string }>> = {
  'v1/pods/attach': { group: '', version: 'v1', kind: 'PodAttachOptions' },
  'v1/pods/exec': { group: '', version: 'v1', kind: 'PodExecOptions' },
  'v1/pods/log': { group: '', version: 'v1', kind: 'Pod' },
  'v1/pods/portforward': { group: '', version: 'v1', kind: 'PodPortForwardOptions' },
  'v1/pods/proxy': { group: '', version: 'v1', kind: 'PodProxyOptions' },
  'v1/nodes/proxy': { group: '', version: 'v1', kind: 'NodeProxyOptions' },
  'v1/services/proxy': { group: '', version: 'v1', kind: 'ServiceProxyOptions' },
};
