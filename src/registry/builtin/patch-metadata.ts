// Curated schema facts of the built-in kinds that @kubernetes/client-node does not carry.
// scripts/generate-builtin-schemas.ts merges them into generated/schemas.json; it fails when an
// entry names a definition or field that does not exist, so a renamed field cannot rot here.
//
// Every fact mirrors upstream's OpenAPI (kubernetes/kubernetes api/openapi-spec/v3/*.json, made
// from the +patchStrategy/+patchMergeKey/+listType/+listMapKey/+mapType/+structType markers of
// k8s.io/api). It is data, not upstream code: add a row when upstream adds a marker.

import type { Schema } from '../../apimachinery/index.ts';

/** The extensions strategic merge patch and server-side apply read from a field. */
export interface FieldFacts {
  'x-kubernetes-patch-strategy'?: 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
}

const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';

// ---------------------------------------------------------------------------------------------
// Where client-node's models lose type information

/**
 * client-node models named after an apimachinery meta/v1 type (their names carry no package).
 * Upstream: k8s.io/apimachinery/pkg/apis/meta/v1 types that reach the OpenAPI document.
 */
export const metaModels: readonly string[] = [
  'V1APIGroup',
  'V1APIGroupList',
  'V1APIResource',
  'V1APIResourceList',
  'V1APIVersions',
  'V1Condition',
  'V1DeleteOptions',
  'V1FieldSelectorRequirement',
  'V1GroupVersionForDiscovery',
  'V1LabelSelector',
  'V1LabelSelectorRequirement',
  'V1ListMeta',
  'V1ManagedFieldsEntry',
  'V1ObjectMeta',
  'V1OwnerReference',
  'V1Preconditions',
  'V1ServerAddressByClientCIDR',
  'V1ShardInfo',
  'V1Status',
  'V1StatusCause',
  'V1StatusDetails',
  'V1WatchEvent',
];

/**
 * Package segments of models the generator cannot place by itself: kinds only ever seen as a
 * subresource of another group's resource, and core types only reached from other groups.
 */
export const packageOverrides: Readonly<Record<string, string>> = {
  // pods/eviction carries policy/v1 Eviction; */scale carries autoscaling/v1 Scale.
  V1Eviction: 'policy',
  V1Scale: 'autoscaling',
  // storage.k8s.io/v1 StorageClass.allowedTopologies is the only user of these core/v1 types.
  V1TopologySelectorLabelRequirement: 'core',
  V1TopologySelectorTerm: 'core',
};

/**
 * Fields whose upstream type is resource.Quantity. client-node types them as plain strings,
 * which would reject `cpu: 1`; for maps and lists the Quantity is the element.
 */
export const quantityFields: Readonly<Record<string, readonly string[]>> = {
  'io.k8s.api.autoscaling.v2.HPAScalingRules': ['tolerance'],
  'io.k8s.api.autoscaling.v2.MetricTarget': ['averageValue', 'value'],
  'io.k8s.api.autoscaling.v2.MetricValueStatus': ['averageValue', 'value'],
  'io.k8s.api.core.v1.ContainerStatus': ['allocatedResources'],
  'io.k8s.api.core.v1.EmptyDirVolumeSource': ['sizeLimit'],
  'io.k8s.api.core.v1.LimitRangeItem': ['default', 'defaultRequest', 'max', 'maxLimitRequestRatio', 'min'],
  'io.k8s.api.core.v1.NodeAllocatableResourceClaimStatus': ['resources'],
  'io.k8s.api.core.v1.NodeStatus': ['allocatable', 'capacity'],
  'io.k8s.api.core.v1.PersistentVolumeClaimStatus': ['allocatedResources', 'capacity'],
  'io.k8s.api.core.v1.PersistentVolumeSpec': ['capacity'],
  'io.k8s.api.core.v1.PodSpec': ['overhead'],
  'io.k8s.api.core.v1.PodStatus': ['allocatedResources'],
  'io.k8s.api.core.v1.ResourceFieldSelector': ['divisor'],
  'io.k8s.api.core.v1.ResourceQuotaSpec': ['hard'],
  'io.k8s.api.core.v1.ResourceQuotaStatus': ['hard', 'used'],
  'io.k8s.api.core.v1.ResourceRequirements': ['limits', 'requests'],
  'io.k8s.api.core.v1.VolumeResourceRequirements': ['limits', 'requests'],
  'io.k8s.api.node.v1.Overhead': ['podFixed'],
  'io.k8s.api.storage.v1.CSIStorageCapacity': ['capacity', 'maximumVolumeSize'],
};

const apiextensions = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
const ref = (definition: string): Schema => ({ $ref: `#/components/schemas/${definition}` });

/** Schemas of the fields client-node types as `any` (RawExtension, JSON, FieldsV1, ...). */
export const anyFieldTypes: Readonly<Record<string, Readonly<Record<string, Schema>>>> = {
  'io.k8s.api.apps.v1.ControllerRevision': { data: ref('io.k8s.apimachinery.pkg.runtime.RawExtension') },
  [`${apiextensions}.CustomResourceSubresources`]: { status: ref(`${apiextensions}.CustomResourceSubresourceStatus`) },
  [`${apiextensions}.JSONSchemaProps`]: {
    additionalItems: ref(`${apiextensions}.JSONSchemaPropsOrBool`),
    additionalProperties: ref(`${apiextensions}.JSONSchemaPropsOrBool`),
    default: ref(`${apiextensions}.JSON`),
    dependencies: { type: 'object', additionalProperties: ref(`${apiextensions}.JSONSchemaPropsOrStringArray`) },
    enum: { type: 'array', items: ref(`${apiextensions}.JSON`) },
    example: ref(`${apiextensions}.JSON`),
    items: ref(`${apiextensions}.JSONSchemaPropsOrArray`),
  },
  [`${meta}.ManagedFieldsEntry`]: { fieldsV1: ref(`${meta}.FieldsV1`) },
  [`${meta}.WatchEvent`]: { object: ref('io.k8s.apimachinery.pkg.runtime.RawExtension') },
};

/**
 * Definitions with no client-node model: scalars with custom JSON forms and free-form objects.
 * Their shape follows upstream; the descriptions are upstream's (the first paragraph where
 * upstream's runs on with Go examples).
 */
export const leafDefinitions: Readonly<Record<string, Schema>> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': {
    // Upstream's v3 document says oneOf string|number: JSON numbers decode into a Quantity too.
    description:
      'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.',
    type: 'string',
  },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': {
    description:
      'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
    type: 'string',
    format: 'int-or-string',
    'x-kubernetes-int-or-string': true,
  },
  [`${meta}.Time`]: {
    description:
      'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.',
    type: 'string',
    format: 'date-time',
  },
  [`${meta}.MicroTime`]: {
    description: 'MicroTime is version of Time with microsecond level precision.',
    type: 'string',
    format: 'date-time',
  },
  [`${meta}.FieldsV1`]: {
    description: 'FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.',
    type: 'object',
  },
  [`${meta}.Patch`]: {
    description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
    type: 'object',
  },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': {
    description: 'RawExtension is used to hold extensions in external versions.',
    type: 'object',
  },
  [`${apiextensions}.CustomResourceSubresourceStatus`]: {
    description:
      'CustomResourceSubresourceStatus defines how to serve the status subresource for CustomResources. Status is represented by the `.status` JSON path inside of a CustomResource. When set, * exposes a /status subresource for the custom resource * PUT requests to the /status subresource take a custom resource object, and ignore changes to anything except the status stanza * PUT/POST/PATCH requests to the custom resource ignore changes to the status stanza',
    type: 'object',
  },
  // The four below hold any JSON value (or a schema or a bool...): upstream gives them no type.
  [`${apiextensions}.JSON`]: {
    description:
      'JSON represents any valid JSON value. These types are supported: bool, int64, float64, string, []interface{}, map[string]interface{} and nil.',
  },
  [`${apiextensions}.JSONSchemaPropsOrArray`]: {
    description:
      'JSONSchemaPropsOrArray represents a value that can either be a JSONSchemaProps or an array of JSONSchemaProps. Mainly here for serialization purposes.',
  },
  [`${apiextensions}.JSONSchemaPropsOrBool`]: {
    description:
      'JSONSchemaPropsOrBool represents JSONSchemaProps or a boolean value. Defaults to true for the boolean property.',
  },
  [`${apiextensions}.JSONSchemaPropsOrStringArray`]: {
    description: 'JSONSchemaPropsOrStringArray represents a JSONSchemaProps or a string array.',
  },
};

// ---------------------------------------------------------------------------------------------
// Strategic merge patch and server-side apply

// The vocabulary of the table. SMP reads patch-strategy/merge-key; SSA reads list-type/map-keys
// (a list without list-type is atomic to SSA, which is why upstream annotates most lists).
const atomic: FieldFacts = { 'x-kubernetes-list-type': 'atomic' };
const set: FieldFacts = { 'x-kubernetes-list-type': 'set' };
const atomicMap: FieldFacts = { 'x-kubernetes-map-type': 'atomic' };
const granularMap: FieldFacts = { 'x-kubernetes-map-type': 'granular' };
/** A list keyed by `keys` for server-side apply (+listType=map +listMapKey=...). */
const map = (...keys: string[]): FieldFacts => ({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': keys });
/** Strategic merge patch merges list elements by `key` (+patchStrategy=merge +patchMergeKey=...). */
const merge = (key: string): FieldFacts => ({ 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': key });
/** As merge, and a patched element drops the keys the patch leaves out (volumes, claims). */
const mergeRetainKeys = (key: string): FieldFacts => ({
  'x-kubernetes-patch-strategy': 'merge,retainKeys',
  'x-kubernetes-patch-merge-key': key,
});
/** Strategic merge patch merges a list of scalars as a set (finalizers, podCIDRs). */
const mergeScalars: FieldFacts = { 'x-kubernetes-patch-strategy': 'merge' };
/** Strategic merge patch clears the fields of an object the patch leaves out (union members). */
const retainKeys: FieldFacts = { 'x-kubernetes-patch-strategy': 'retainKeys' };

/**
 * Field facts by definition name and field name. Sources: the components of upstream's v3
 * documents (api__v1, apis__apps__v1, apis__*), client-go's applyconfigurations schema for the
 * other groups' list types, and the struct tags of k8s.io/api for patch strategies; fields newer
 * than those documents from the k8s.io/api markers of their KEPs. Lists upstream leaves
 * unannotated (List items, APIResource.verbs, JSONSchemaProps allOf/anyOf/oneOf/required/enum)
 * are absent here too.
 */
export const fieldFacts: Readonly<Record<string, Readonly<Record<string, FieldFacts>>>> = {
  'io.k8s.api.admissionregistration.v1.MatchResources': {
    excludeResourceRules: atomic,
    resourceRules: atomic,
  },
  'io.k8s.api.admissionregistration.v1.MutatingAdmissionPolicySpec': {
    matchConditions: { ...map('name'), ...merge('name') },
    mutations: atomic,
    variables: atomic,
  },
  'io.k8s.api.admissionregistration.v1.MutatingWebhook': {
    admissionReviewVersions: atomic,
    matchConditions: { ...map('name'), ...merge('name') },
    rules: atomic,
  },
  'io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration': {
    webhooks: { ...map('name'), ...merge('name') },
  },
  'io.k8s.api.admissionregistration.v1.NamedRuleWithOperations': {
    apiGroups: atomic,
    apiVersions: atomic,
    operations: atomic,
    resourceNames: atomic,
    resources: atomic,
  },
  'io.k8s.api.admissionregistration.v1.RuleWithOperations': {
    apiGroups: atomic,
    apiVersions: atomic,
    operations: atomic,
    resources: atomic,
  },
  'io.k8s.api.admissionregistration.v1.TypeChecking': { expressionWarnings: atomic },
  'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyBindingSpec': { validationActions: set },
  'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicySpec': {
    auditAnnotations: atomic,
    matchConditions: { ...map('name'), ...merge('name') },
    validations: atomic,
    variables: { ...map('name'), ...merge('name') },
  },
  'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyStatus': { conditions: map('type') },
  'io.k8s.api.admissionregistration.v1.ValidatingWebhook': {
    admissionReviewVersions: atomic,
    matchConditions: { ...map('name'), ...merge('name') },
    rules: atomic,
  },
  'io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration': {
    webhooks: { ...map('name'), ...merge('name') },
  },
  'io.k8s.api.apps.v1.DaemonSetStatus': { conditions: { ...map('type'), ...merge('type') } },
  'io.k8s.api.apps.v1.DeploymentSpec': { strategy: retainKeys },
  'io.k8s.api.apps.v1.DeploymentStatus': { conditions: { ...map('type'), ...merge('type') } },
  'io.k8s.api.apps.v1.ReplicaSetStatus': { conditions: { ...map('type'), ...merge('type') } },
  'io.k8s.api.apps.v1.StatefulSetSpec': { volumeClaimTemplates: atomic },
  'io.k8s.api.apps.v1.StatefulSetStatus': { conditions: { ...map('type'), ...merge('type') } },
  'io.k8s.api.authentication.v1.TokenRequestSpec': { audiences: atomic },
  'io.k8s.api.authentication.v1.TokenReviewSpec': { audiences: atomic },
  'io.k8s.api.authentication.v1.TokenReviewStatus': { audiences: atomic },
  'io.k8s.api.authentication.v1.UserInfo': { groups: atomic },
  'io.k8s.api.authorization.v1.FieldSelectorAttributes': { requirements: atomic },
  'io.k8s.api.authorization.v1.LabelSelectorAttributes': { requirements: atomic },
  'io.k8s.api.authorization.v1.NonResourceRule': { nonResourceURLs: atomic, verbs: atomic },
  'io.k8s.api.authorization.v1.ResourceRule': {
    apiGroups: atomic,
    resourceNames: atomic,
    resources: atomic,
    verbs: atomic,
  },
  'io.k8s.api.authorization.v1.SubjectAccessReviewSpec': { groups: atomic },
  'io.k8s.api.authorization.v1.SubjectRulesReviewStatus': { nonResourceRules: atomic, resourceRules: atomic },
  'io.k8s.api.autoscaling.v2.HPAScalingRules': { policies: atomic },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec': { metrics: atomic },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus': {
    conditions: { ...map('type'), ...merge('type') },
    currentMetrics: atomic,
  },
  'io.k8s.api.batch.v1.CronJobStatus': { active: atomic },
  'io.k8s.api.batch.v1.JobStatus': { conditions: { ...atomic, ...merge('type') } },
  'io.k8s.api.batch.v1.PodFailurePolicy': { rules: atomic },
  'io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement': { values: set },
  'io.k8s.api.batch.v1.PodFailurePolicyRule': { onPodConditions: atomic },
  'io.k8s.api.batch.v1.SuccessPolicy': { rules: atomic },
  'io.k8s.api.batch.v1.UncountedTerminatedPods': { failed: set, succeeded: set },
  'io.k8s.api.certificates.v1.CertificateSigningRequestSpec': { groups: atomic, usages: atomic },
  'io.k8s.api.certificates.v1.CertificateSigningRequestStatus': { conditions: map('type') },
  'io.k8s.api.core.v1.Capabilities': { add: atomic, drop: atomic },
  'io.k8s.api.core.v1.CephFSPersistentVolumeSource': { monitors: atomic },
  'io.k8s.api.core.v1.CephFSVolumeSource': { monitors: atomic },
  'io.k8s.api.core.v1.ComponentStatus': { conditions: { ...map('type'), ...merge('type') } },
  'io.k8s.api.core.v1.ConfigMapProjection': { items: atomic },
  'io.k8s.api.core.v1.ConfigMapVolumeSource': { items: atomic },
  'io.k8s.api.core.v1.Container': {
    args: atomic,
    command: atomic,
    env: { ...map('name'), ...merge('name') },
    envFrom: atomic,
    ports: { ...map('containerPort', 'protocol'), ...merge('containerPort') },
    resizePolicy: atomic,
    restartPolicyRules: atomic,
    volumeDevices: { ...map('devicePath'), ...merge('devicePath') },
    volumeMounts: { ...map('mountPath'), ...merge('mountPath') },
  },
  'io.k8s.api.core.v1.ContainerImage': { names: atomic },
  'io.k8s.api.core.v1.ContainerRestartRuleOnExitCodes': { values: set },
  'io.k8s.api.core.v1.ContainerStatus': {
    allocatedResourcesStatus: { ...map('name'), ...merge('name') },
    volumeMounts: { ...map('mountPath'), ...merge('mountPath') },
  },
  'io.k8s.api.core.v1.DownwardAPIProjection': { items: atomic },
  'io.k8s.api.core.v1.DownwardAPIVolumeSource': { items: atomic },
  'io.k8s.api.core.v1.EndpointSubset': { addresses: atomic, notReadyAddresses: atomic, ports: atomic },
  'io.k8s.api.core.v1.Endpoints': { subsets: atomic },
  'io.k8s.api.core.v1.EphemeralContainer': {
    args: atomic,
    command: atomic,
    env: { ...map('name'), ...merge('name') },
    envFrom: atomic,
    ports: { ...map('containerPort', 'protocol'), ...merge('containerPort') },
    resizePolicy: atomic,
    restartPolicyRules: atomic,
    volumeDevices: { ...map('devicePath'), ...merge('devicePath') },
    volumeMounts: { ...map('mountPath'), ...merge('mountPath') },
  },
  'io.k8s.api.core.v1.ExecAction': { command: atomic },
  'io.k8s.api.core.v1.FCVolumeSource': { targetWWNs: atomic, wwids: atomic },
  'io.k8s.api.core.v1.HTTPGetAction': { httpHeaders: atomic },
  'io.k8s.api.core.v1.HostAlias': { hostnames: atomic },
  'io.k8s.api.core.v1.ISCSIPersistentVolumeSource': { portals: atomic },
  'io.k8s.api.core.v1.ISCSIVolumeSource': { portals: atomic },
  'io.k8s.api.core.v1.LimitRangeSpec': { limits: atomic },
  'io.k8s.api.core.v1.LinuxContainerUser': { supplementalGroups: atomic },
  'io.k8s.api.core.v1.LoadBalancerIngress': { ports: atomic },
  'io.k8s.api.core.v1.LoadBalancerStatus': { ingress: atomic },
  'io.k8s.api.core.v1.NamespaceSpec': { finalizers: atomic },
  'io.k8s.api.core.v1.NamespaceStatus': { conditions: { ...map('type'), ...merge('type') } },
  'io.k8s.api.core.v1.NodeAffinity': { preferredDuringSchedulingIgnoredDuringExecution: atomic },
  'io.k8s.api.core.v1.NodeSelector': { nodeSelectorTerms: atomic },
  'io.k8s.api.core.v1.NodeSelectorRequirement': { values: atomic },
  'io.k8s.api.core.v1.NodeSelectorTerm': { matchExpressions: atomic, matchFields: atomic },
  'io.k8s.api.core.v1.NodeSpec': { podCIDRs: { ...set, ...mergeScalars }, taints: atomic },
  'io.k8s.api.core.v1.NodeStatus': {
    addresses: { ...map('type'), ...merge('type') },
    conditions: { ...map('type'), ...merge('type') },
    images: atomic,
    runtimeHandlers: atomic,
    volumesAttached: atomic,
    volumesInUse: atomic,
  },
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec': { accessModes: atomic },
  'io.k8s.api.core.v1.PersistentVolumeClaimStatus': {
    accessModes: atomic,
    allocatedResourceStatuses: granularMap,
    conditions: { ...map('type'), ...merge('type') },
  },
  'io.k8s.api.core.v1.PersistentVolumeSpec': {
    accessModes: atomic,
    claimRef: granularMap,
    mountOptions: atomic,
  },
  'io.k8s.api.core.v1.PodAffinity': {
    preferredDuringSchedulingIgnoredDuringExecution: atomic,
    requiredDuringSchedulingIgnoredDuringExecution: atomic,
  },
  'io.k8s.api.core.v1.PodAffinityTerm': {
    matchLabelKeys: atomic,
    mismatchLabelKeys: atomic,
    namespaces: atomic,
  },
  'io.k8s.api.core.v1.PodAntiAffinity': {
    preferredDuringSchedulingIgnoredDuringExecution: atomic,
    requiredDuringSchedulingIgnoredDuringExecution: atomic,
  },
  'io.k8s.api.core.v1.PodDNSConfig': { nameservers: atomic, options: atomic, searches: atomic },
  'io.k8s.api.core.v1.PodExtendedResourceClaimStatus': { requestMappings: atomic },
  'io.k8s.api.core.v1.PodSecurityContext': { supplementalGroups: atomic, sysctls: atomic },
  'io.k8s.api.core.v1.PodSpec': {
    containers: { ...map('name'), ...merge('name') },
    ephemeralContainers: { ...map('name'), ...merge('name') },
    hostAliases: { ...map('ip'), ...merge('ip') },
    imagePullSecrets: { ...map('name'), ...merge('name') },
    initContainers: { ...map('name'), ...merge('name') },
    nodeSelector: atomicMap,
    readinessGates: atomic,
    resourceClaims: { ...map('name'), ...mergeRetainKeys('name') },
    schedulingGates: { ...map('name'), ...merge('name') },
    tolerations: atomic,
    topologySpreadConstraints: { ...map('topologyKey', 'whenUnsatisfiable'), ...merge('topologyKey') },
    volumes: { ...map('name'), ...mergeRetainKeys('name') },
  },
  'io.k8s.api.core.v1.PodStatus': {
    conditions: { ...map('type'), ...merge('type') },
    containerStatuses: atomic,
    ephemeralContainerStatuses: atomic,
    hostIPs: { ...atomic, ...merge('ip') },
    initContainerStatuses: atomic,
    podIPs: { ...map('ip'), ...merge('ip') },
    resourceClaimStatuses: { ...map('name'), ...mergeRetainKeys('name') },
  },
  'io.k8s.api.core.v1.ProjectedVolumeSource': { sources: atomic },
  'io.k8s.api.core.v1.RBDPersistentVolumeSource': { monitors: atomic },
  'io.k8s.api.core.v1.RBDVolumeSource': { monitors: atomic },
  'io.k8s.api.core.v1.ReplicationControllerSpec': { selector: atomicMap },
  'io.k8s.api.core.v1.ReplicationControllerStatus': { conditions: { ...map('type'), ...merge('type') } },
  'io.k8s.api.core.v1.ResourceQuotaSpec': { scopes: atomic },
  'io.k8s.api.core.v1.ResourceRequirements': { claims: map('name') },
  'io.k8s.api.core.v1.ResourceStatus': { resources: map('resourceID') },
  'io.k8s.api.core.v1.ScopeSelector': { matchExpressions: atomic },
  'io.k8s.api.core.v1.ScopedResourceSelectorRequirement': { values: atomic },
  'io.k8s.api.core.v1.SecretProjection': { items: atomic },
  'io.k8s.api.core.v1.SecretVolumeSource': { items: atomic },
  'io.k8s.api.core.v1.ServiceAccount': {
    imagePullSecrets: atomic,
    secrets: { ...map('name'), ...merge('name') },
  },
  'io.k8s.api.core.v1.ServiceSpec': {
    clusterIPs: atomic,
    externalIPs: atomic,
    ipFamilies: atomic,
    loadBalancerSourceRanges: atomic,
    ports: { ...map('port', 'protocol'), ...merge('port') },
    selector: atomicMap,
  },
  'io.k8s.api.core.v1.ServiceStatus': { conditions: { ...map('type'), ...merge('type') } },
  'io.k8s.api.core.v1.TopologySelectorLabelRequirement': { values: atomic },
  'io.k8s.api.core.v1.TopologySelectorTerm': { matchLabelExpressions: atomic },
  'io.k8s.api.core.v1.TopologySpreadConstraint': { matchLabelKeys: atomic },
  'io.k8s.api.discovery.v1.Endpoint': { addresses: set },
  'io.k8s.api.discovery.v1.EndpointHints': { forNodes: atomic, forZones: atomic },
  'io.k8s.api.discovery.v1.EndpointSlice': { endpoints: atomic, ports: atomic },
  'io.k8s.api.networking.v1.HTTPIngressRuleValue': { paths: atomic },
  'io.k8s.api.networking.v1.IPBlock': { except: atomic },
  'io.k8s.api.networking.v1.IngressLoadBalancerIngress': { ports: atomic },
  'io.k8s.api.networking.v1.IngressLoadBalancerStatus': { ingress: atomic },
  'io.k8s.api.networking.v1.IngressSpec': { rules: atomic, tls: atomic },
  'io.k8s.api.networking.v1.IngressTLS': { hosts: atomic },
  'io.k8s.api.networking.v1.NetworkPolicyEgressRule': { ports: atomic, to: atomic },
  'io.k8s.api.networking.v1.NetworkPolicyIngressRule': { from: atomic, ports: atomic },
  'io.k8s.api.networking.v1.NetworkPolicySpec': { egress: atomic, ingress: atomic, policyTypes: atomic },
  'io.k8s.api.networking.v1.ServiceCIDRSpec': { cidrs: atomic },
  'io.k8s.api.networking.v1.ServiceCIDRStatus': { conditions: { ...map('type'), ...merge('type') } },
  'io.k8s.api.node.v1.Scheduling': { nodeSelector: atomicMap, tolerations: atomic },
  'io.k8s.api.policy.v1.PodDisruptionBudgetStatus': { conditions: { ...map('type'), ...merge('type') } },
  'io.k8s.api.rbac.v1.AggregationRule': { clusterRoleSelectors: atomic },
  'io.k8s.api.rbac.v1.ClusterRole': { rules: atomic },
  'io.k8s.api.rbac.v1.ClusterRoleBinding': { subjects: atomic },
  'io.k8s.api.rbac.v1.PolicyRule': {
    apiGroups: atomic,
    nonResourceURLs: atomic,
    resourceNames: atomic,
    resources: atomic,
    verbs: atomic,
  },
  'io.k8s.api.rbac.v1.Role': { rules: atomic },
  'io.k8s.api.rbac.v1.RoleBinding': { subjects: atomic },
  'io.k8s.api.storage.v1.CSIDriverSpec': { tokenRequests: atomic, volumeLifecycleModes: atomic },
  'io.k8s.api.storage.v1.CSINodeDriver': { topologyKeys: atomic },
  'io.k8s.api.storage.v1.CSINodeSpec': { drivers: { ...map('name'), ...merge('name') } },
  'io.k8s.api.storage.v1.StorageClass': { allowedTopologies: atomic, mountOptions: atomic },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionNames': {
    categories: atomic,
    shortNames: atomic,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionSpec': {
    versions: atomic,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionStatus': {
    conditions: map('type'),
    storedVersions: atomic,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionVersion': {
    additionalPrinterColumns: atomic,
    selectableFields: atomic,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps': {
    'x-kubernetes-list-map-keys': atomic,
    'x-kubernetes-validations': { ...map('rule'), ...merge('rule') },
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.WebhookConversion': {
    conversionReviewVersions: atomic,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIGroup': { serverAddressByClientCIDRs: atomic, versions: atomic },
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIGroupList': { groups: atomic },
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIResource': { categories: atomic, shortNames: atomic },
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList': { resources: atomic },
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIVersions': {
    serverAddressByClientCIDRs: atomic,
    versions: atomic,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions': { dryRun: atomic },
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement': { values: atomic },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': { matchExpressions: atomic },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement': { values: atomic },
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
    finalizers: { ...set, ...mergeScalars },
    managedFields: atomic,
    ownerReferences: { ...map('uid'), ...merge('uid') },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Status': { details: atomic },
  'io.k8s.apimachinery.pkg.apis.meta.v1.StatusDetails': { causes: atomic },
};

/** Facts on a definition itself: `+structType=atomic` becomes x-kubernetes-map-type atomic. */
export const definitionFacts: Readonly<Record<string, Readonly<Pick<Schema, 'x-kubernetes-map-type'>>>> = {
  'io.k8s.api.admissionregistration.v1.MatchResources': atomicMap,
  'io.k8s.api.admissionregistration.v1.NamedRuleWithOperations': atomicMap,
  'io.k8s.api.admissionregistration.v1.ParamKind': atomicMap,
  'io.k8s.api.admissionregistration.v1.ParamRef': atomicMap,
  'io.k8s.api.admissionregistration.v1.Variable': atomicMap,
  'io.k8s.api.autoscaling.v1.CrossVersionObjectReference': atomicMap,
  'io.k8s.api.core.v1.ConfigMapKeySelector': atomicMap,
  'io.k8s.api.core.v1.EndpointAddress': atomicMap,
  'io.k8s.api.core.v1.EndpointPort': atomicMap,
  'io.k8s.api.core.v1.LocalObjectReference': atomicMap,
  'io.k8s.api.core.v1.NodeSelector': atomicMap,
  'io.k8s.api.core.v1.NodeSelectorTerm': atomicMap,
  'io.k8s.api.core.v1.ObjectFieldSelector': atomicMap,
  'io.k8s.api.core.v1.ObjectReference': atomicMap,
  'io.k8s.api.core.v1.ResourceFieldSelector': atomicMap,
  'io.k8s.api.core.v1.ScopeSelector': atomicMap,
  'io.k8s.api.core.v1.SecretKeySelector': atomicMap,
  'io.k8s.api.core.v1.SecretReference': atomicMap,
  'io.k8s.api.core.v1.TypedLocalObjectReference': atomicMap,
  'io.k8s.api.discovery.v1.EndpointPort': atomicMap,
  'io.k8s.api.rbac.v1.RoleRef': atomicMap,
  'io.k8s.api.rbac.v1.Subject': atomicMap,
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': atomicMap,
  'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference': atomicMap,
};

