// OpenAPI v3 schemas of the management.loft.sh/v1 kinds, named as upstream's OpenAPI document
// names them (loft-sh/loft api/openapi-spec/swagger.json, generated from the Go types of
// github.com/loft-sh/api/v4 and github.com/loft-sh/agentapi/v4):
//
//   com.github.loft-sh.api.v4.pkg.apis.management.v1.<Kind>          the served kinds
//   com.github.loft-sh.api.v4.pkg.apis.storage.v1.<Type>             the shared building blocks
//   com.github.loft-sh.agentapi.v4.pkg.apis.loft.{cluster,storage}.v1.<Type>   agent-side types
//
// Metadata, resource attributes, security contexts and resource requirements reference the
// built-in Kubernetes definitions (io.k8s.*), resolved through the registry's built-in schemas.
// Descriptions are the Go doc comments as upstream's OpenAPI renders them; where the seed
// documents a field (the Virtual Cluster Instance reference), its sentence is used verbatim.
// Properties are declared in Go struct order, which is the order the seed's reference lists them.

import type { Schema, SchemaResolver } from '../../apimachinery/index.ts';
import { builtinSchemas } from '../../registry/index.ts';

/** The $ref prefix of every schema reference. */
export const refPrefix = '#/components/schemas/';

/** Definition-name prefix of the management.loft.sh/v1 kinds. */
export const managementPrefix = 'com.github.loft-sh.api.v4.pkg.apis.management.v1.';
/** Definition-name prefix of the storage.loft.sh/v1 building blocks. */
export const storagePrefix = 'com.github.loft-sh.api.v4.pkg.apis.storage.v1.';
/** Definition-name prefix of the agent cluster types (charts, helm releases, sleep mode). */
export const agentClusterPrefix = 'com.github.loft-sh.agentapi.v4.pkg.apis.loft.cluster.v1.';
/** Definition-name prefix of the agent storage types (conditions). */
export const agentStoragePrefix = 'com.github.loft-sh.agentapi.v4.pkg.apis.loft.storage.v1.';

const M = managementPrefix;
const S = storagePrefix;
const AC = agentClusterPrefix;
const AS = agentStoragePrefix;
const objectMeta = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const listMeta = 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';

/** The group every management kind belongs to. */
export const managementGroup = 'management.loft.sh';
/** The version every management kind is served at. */
export const managementVersion = 'v1';

// ---- Schema builders ----

type Props = Record<string, Schema>;

const str = (description: string, extra: Partial<Schema> = {}): Schema => ({ type: 'string', description, ...extra });
const bool = (description: string): Schema => ({ type: 'boolean', description });
const int64 = (description: string): Schema => ({ type: 'integer', format: 'int64', description });
const int32 = (description: string): Schema => ({ type: 'integer', format: 'int32', description });
const double = (description: string): Schema => ({ type: 'number', format: 'double', description });
const time = (description: string): Schema => ({ type: 'string', format: 'date-time', description });
const strings = (description: string): Schema => ({ type: 'array', description, items: { type: 'string' } });
const stringMap = (description: string): Schema => ({ type: 'object', description, additionalProperties: { type: 'string' } });
/** A property holding one object of definition `name` (allOf wraps the $ref to carry the description). */
const obj = (name: string, description: string): Schema => ({ type: 'object', description, allOf: [{ $ref: `${refPrefix}${name}` }] });
/** A property holding a list of objects of definition `name`. */
const objs = (name: string, description: string): Schema => ({ type: 'array', description, items: { $ref: `${refPrefix}${name}` } });
/** A struct definition; Go types drop undeclared fields, so an empty struct still declares `properties: {}`. */
const struct = (description: string | undefined, properties: Props, extra: Partial<Schema> = {}): Schema => ({
  type: 'object',
  ...(description ? { description } : {}),
  properties,
  ...extra,
});

/** Conditions as a list keyed by `type` (server-side apply merges entries by type). */
const conditions = (description: string): Schema => ({
  ...objs(`${AS}Condition`, description),
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['type'],
});

const apiVersionDescription =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const kindDescription =
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
const typeMeta = (): Props => ({ apiVersion: str(apiVersionDescription), kind: str(kindDescription) });
const metadataProperty = (): Schema =>
  obj(objectMeta, "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata");

const gvk = (kind: string): Schema['x-kubernetes-group-version-kind'] => [{ group: managementGroup, version: managementVersion, kind }];

/** Returns the root definition of a kind: type meta, metadata and the given body properties. */
function kind(kindName: string, description: string, body: Props): Schema {
  return struct(description, { ...typeMeta(), metadata: metadataProperty(), ...body }, { 'x-kubernetes-group-version-kind': gvk(kindName) });
}

/** Returns the root definition of a kind with spec and status definitions named <Kind>Spec and <Kind>Status. */
function specStatusKind(kindName: string, description: string, specDescription: string, statusDescription: string): Schema {
  return kind(kindName, description, {
    spec: obj(`${M}${kindName}Spec`, specDescription),
    status: obj(`${M}${kindName}Status`, statusDescription),
  });
}

/** Returns the <Kind>List definition. */
function listKind(kindName: string): Schema {
  return struct(
    `${kindName}List is a list of ${kindName} objects.`,
    {
      ...typeMeta(),
      metadata: obj(listMeta, "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"),
      items: objs(`${M}${kindName}`, `Items is the list of ${kindName} objects.`),
    },
    { required: ['items'], 'x-kubernetes-group-version-kind': gvk(`${kindName}List`) },
  );
}

// ---- Shared fields ----

const displayName = (): Schema => str('DisplayName is the name that should be displayed in the UI');
const owner = (): Schema => obj(`${S}UserOrTeam`, 'Owner holds the owner of this object');
const accessList = (description = 'Access holds the access rights for users and teams'): Schema => objs(`${S}Access`, description);

// ---- storage.loft.sh/v1 building blocks ----

function storageDefinitions(): Record<string, Schema> {
  const helmChartFields = (): Props => ({
    name: str('Name is the chart name in the repository'),
    version: str('Version is the chart version in the repository'),
    repoURL: str('RepoURL is the repo url where the chart can be found'),
    username: str('The username that is required for this repository'),
    usernameRef: obj(`${AC}ChartSecretRef`, 'The username that is required for this repository'),
    password: str('The password that is required for this repository'),
    passwordRef: obj(`${AC}ChartSecretRef`, 'The password that is required for this repository'),
    insecureSkipTlsVerify: bool('If tls certificate checks for the chart download should be skipped'),
  });
  return {
    [`${S}UserOrTeam`]: struct(undefined, {
      user: str('User specifies a Loft user.'),
      team: str('Team specifies a Loft team.'),
    }),
    [`${S}Access`]: struct(
      'Access describes the access to a secret',
      {
        name: str('Name is an optional name that is used for this access rule'),
        verbs: strings('Verbs is a list of Verbs that apply to ALL the ResourceKinds and AttributeRestrictions contained in this rule. VerbAll represents all kinds.'),
        subresources: strings('Subresources defines the sub resources that are allowed by this access rule'),
        users: strings('Users specifies which users should be able to access this secret with the aforementioned verbs'),
        teams: strings('Teams specifies which teams should be able to access this secret with the aforementioned verbs'),
      },
      { required: ['verbs'] },
    ),
    [`${S}TemplateRef`]: struct(undefined, {
      name: str('Name holds the name of the template to reference.'),
      version: str(
        "Version holds the template version to use. Version is expected to be in semantic versioning format. Alternatively, you can also exchange major, minor or patch with an 'x' to tell Loft to automatically select the latest major, minor or patch version.",
      ),
      syncOnce: bool(
        "SyncOnce tells the controller to sync the instance once with the template. This is useful if you want to sync an instance after a template was changed. To automatically sync an instance with a template, use 'x.x.x' as version instead.",
      ),
    }),
    [`${S}VirtualClusterClusterRef`]: struct(undefined, {
      cluster: str('Cluster is the connected cluster the space will be created in'),
      namespace: str('Namespace is the namespace inside the connected cluster holding the space'),
      virtualCluster: str('VirtualCluster is the name of the virtual cluster inside the namespace'),
    }),
    [`${S}InstanceAccess`]: struct(undefined, {
      defaultClusterRole: str('Specifies which cluster role should get applied to users or teams that do not match a rule below.'),
      rules: objs(
        `${S}InstanceAccessRule`,
        'Rules defines which users and teams should have which access to the virtual cluster. If no rule matches an authenticated incoming user, the user will get cluster admin access.',
      ),
    }),
    [`${S}InstanceAccessRule`]: struct(undefined, {
      users: strings('Users this rule matches. * means all users.'),
      teams: strings('Teams that this rule matches.'),
      // Upstream's Go comment is cut short; the seed documents it so.
      clusterRole: str('ClusterRole is the cluster role that should be assigned to the'),
    }),
    [`${S}TemplateMetadata`]: struct(undefined, {
      labels: stringMap('Labels are labels on the object'),
      annotations: stringMap('Annotations are annotations on the object'),
    }),
    [`${S}AppReference`]: struct(undefined, {
      name: str('Name of the target app'),
      namespace: str('Namespace specifies in which target namespace the app should get deployed in'),
      releaseName: str('ReleaseName is the name of the app release'),
      version: str('Version of the app'),
      parameters: str('Parameters to use for the app'),
      hash: str('Hash is the hash of the app configuration'),
    }),
    [`${S}TemplateHelmChart`]: struct(undefined, {
      ...helmChartFields(),
      releaseName: str('ReleaseName is the preferred release name of the app'),
      releaseNamespace: str('ReleaseNamespace is the preferred release namespace of the app'),
      values: str('Values are the values that should get passed to the chart'),
      wait: bool('Wait determines if Loft should wait during deploy for the app to become ready'),
      timeout: str('Timeout is the time to wait for any individual Kubernetes operation (like Jobs for hooks) (default 5m0s)'),
    }),
    [`${S}ObjectsStatus`]: struct(undefined, {
      lastAppliedObjects: str('LastAppliedObjects holds the status for the objects that were applied'),
      charts: objs(`${S}ChartStatus`, 'Charts are the charts that were applied'),
      apps: objs(`${S}AppReference`, 'Apps are the apps that were applied'),
    }),
    [`${S}ChartStatus`]: struct(undefined, {
      name: str('Name of the chart that was applied'),
      namespace: str('Namespace of the chart that was applied'),
      lastAppliedChartConfigHash: str('LastAppliedChartConfigHash is the last applied configuration'),
    }),
    [`${S}VirtualClusterTemplateDefinition`]: struct(undefined, {
      metadata: obj(`${S}TemplateMetadata`, 'The virtual cluster metadata'),
      instanceTemplate: obj(`${S}VirtualClusterInstanceTemplateDefinition`, 'InstanceTemplate holds the virtual cluster instance template'),
      apps: objs(`${S}AppReference`, 'Apps specifies the apps that should get deployed by this template'),
      charts: objs(`${S}TemplateHelmChart`, 'Charts are helm charts that should get deployed'),
      objects: str('Objects are Kubernetes style yamls that should get deployed into the virtual cluster'),
      access: obj(`${S}InstanceAccess`, 'Access defines the access of users and teams to the virtual cluster.'),
      pro: obj(`${S}VirtualClusterProSpec`, 'Pro defines the pro settings for the virtual cluster'),
      helmRelease: obj(`${S}VirtualClusterHelmRelease`, 'HelmRelease is the helm release configuration for the virtual cluster.'),
      accessPoint: obj(
        `${S}VirtualClusterAccessPoint`,
        'AccessPoint defines settings to expose the virtual cluster directly via an ingress rather than through the (default) Loft proxy',
      ),
      forwardToken: bool('ForwardToken signals the proxy to pass through the used token to the virtual Kubernetes api server and do a TokenReview there.'),
      spaceTemplate: obj(`${S}VirtualClusterSpaceTemplateDefinition`, 'SpaceTemplate holds the space template'),
    }),
    [`${S}VirtualClusterInstanceTemplateDefinition`]: struct('VirtualClusterInstanceTemplateDefinition holds the virtual cluster instance template', {
      metadata: obj(`${S}TemplateMetadata`, 'The virtual cluster instance metadata'),
    }),
    [`${S}VirtualClusterProSpec`]: struct(undefined, {
      enabled: bool('Enabled defines if the virtual cluster is a pro cluster or not'),
    }),
    [`${S}VirtualClusterHelmRelease`]: struct(undefined, {
      chart: obj(`${S}VirtualClusterHelmChart`, 'infos about what chart to deploy'),
      values: str('the values for the given chart'),
    }),
    [`${S}VirtualClusterHelmChart`]: struct(undefined, {
      name: str('the name of the helm chart'),
      repo: str('the repo of the helm chart'),
      username: str('The username that is required for this repository'),
      password: str('The password that is required for this repository'),
      version: str('the version of the helm chart to use'),
      insecureSkipTlsVerify: bool('InsecureSkipTlsVerify skips the TLS verification for the helm chart'),
    }),
    [`${S}VirtualClusterAccessPoint`]: struct(undefined, {
      ingress: obj(`${S}VirtualClusterAccessPointIngressSpec`, 'Ingress defines virtual cluster access via ingress'),
    }),
    [`${S}VirtualClusterAccessPointIngressSpec`]: struct(undefined, {
      enabled: bool(
        'Enabled defines if the virtual cluster access point (via ingress) is enabled or not; requires the connected cluster to have the loft.sh/ingress-suffix annotation set to define the domain name suffix used for the ingress.',
      ),
    }),
    [`${S}VirtualClusterSpaceTemplateDefinition`]: struct(undefined, {
      metadata: obj(`${S}TemplateMetadata`, 'The space metadata'),
      objects: str('Objects are Kubernetes style yamls that should get deployed into the virtual cluster namespace'),
      charts: objs(`${S}TemplateHelmChart`, 'Charts are helm charts that should get deployed'),
      apps: objs(`${S}AppReference`, 'Apps specifies the apps that should get deployed by this template'),
    }),
    [`${S}AppParameter`]: struct(undefined, {
      variable: str('Variable is the path of the variable. Can be foo or foo.bar for nested objects.'),
      label: str('Label is the label to show for this parameter'),
      description: str('Description is the description to show for this parameter'),
      type: str('Type of the parameter. Can be one of: string, multiline, boolean, number and password'),
      options: strings('Options is a slice of strings, where each string represents a mutually exclusive choice.'),
      min: int32('Min is the minimum number if type is number'),
      max: int32('Max is the maximum number if type is number'),
      required: bool('Required specifies if this parameter is required'),
      defaultValue: str('DefaultValue is the default value if none is specified'),
      placeholder: str('Placeholder shown in the UI'),
      invalidation: str('Invalidation regex that if matched will reject the input'),
      validation: str('Validation regex that if matched will allow the input'),
      section: str('Section where this app should be displayed. Apps with the same section name will be grouped together'),
    }),
    [`${S}VirtualClusterTemplateVersion`]: struct(undefined, {
      template: obj(`${S}VirtualClusterTemplateDefinition`, 'Template holds the space template'),
      parameters: objs(`${S}AppParameter`, 'Parameters define additional app parameters that will set helm values'),
      version: str('Version is the version. Needs to be in X.X.X format.'),
    }),
    [`${S}VirtualClusterTemplateSpaceTemplateRef`]: struct(undefined, {
      name: str('Name of the space template'),
    }),
    [`${S}EntityInfo`]: struct(undefined, {
      name: str('Name is the kubernetes name of the object'),
      displayName: str('The display name shown in the UI'),
      icon: str('Icon is the icon of the user / team'),
      username: str('The username that is used to login'),
      email: str('The users email address'),
      subject: str('The user subject'),
    }),
    [`${S}Member`]: struct(
      undefined,
      {
        kind: str('Kind is the kind of the member. Currently either User or Team'),
        group: str('Group of the member. Currently only supports storage.loft.sh'),
        name: str('Name of the member'),
        clusterRole: str('ClusterRole is the assigned role for the above member'),
      },
      { required: ['clusterRole'] },
    ),
    [`${S}AllowedCluster`]: struct(undefined, {
      name: str('Name is the name of the cluster that is allowed to create an environment in.'),
    }),
    [`${S}AllowedTemplate`]: struct(undefined, {
      kind: str('Kind of the template that is allowed. Currently only supports DevPodWorkspaceTemplate, VirtualClusterTemplate & SpaceTemplate'),
      group: str('Group of the template that is allowed. Currently only supports storage.loft.sh'),
      name: str('Name of the template'),
      isDefault: bool('IsDefault specifies if the template should be used as a default'),
    }),
    [`${S}RequireTemplate`]: struct(undefined, {
      disabled: bool(
        'If true, all users within the project will be allowed to create a new instance without a template. By default, only admins are allowed to create a new instance without a template.',
      ),
    }),
    [`${S}Quotas`]: struct(undefined, {
      project: stringMap('Project holds the quotas for the whole project'),
      user: stringMap('User holds the quotas per user / team'),
    }),
    [`${S}NamespacePattern`]: struct(undefined, {
      space: str('Space holds the namespace pattern to use for space instances'),
      virtualCluster: str('VirtualCluster holds the namespace pattern to use for virtual cluster instances'),
    }),
    [`${S}ProjectNamespaceTemplate`]: struct('ProjectNamespaceTemplate defines metadata to apply to the auto-created project namespace.', {
      metadata: obj(`${S}TemplateMetadata`, 'The namespace metadata'),
    }),
    [`${S}QuotaStatus`]: struct(undefined, {
      project: obj(`${S}QuotaStatusProject`, 'Project is the quota status for the whole project'),
      user: obj(`${S}QuotaStatusUser`, 'User is the quota status for each user / team.'),
    }),
    [`${S}QuotaStatusProject`]: struct(undefined, {
      limit: stringMap('Limit is the amount limited, copied from spec.quotas.project'),
      used: stringMap('Used is the amount currently used across all clusters'),
      clusters: {
        type: 'object',
        description: 'Clusters holds the used amount per cluster. Maps cluster name to used resources',
        additionalProperties: { $ref: `${refPrefix}${S}QuotaStatusProjectCluster` },
      },
    }),
    [`${S}QuotaStatusProjectCluster`]: struct(undefined, {
      used: stringMap('Used is the amount currently used. Maps resource name, such as pods, to their used amount.'),
    }),
    [`${S}QuotaStatusUser`]: struct(undefined, {
      limit: stringMap('Limit is the amount limited per user / team'),
      used: obj(`${S}QuotaStatusUserUsed`, 'Used is the used amount per user / team'),
      clusters: {
        type: 'object',
        description: 'Clusters holds the used amount per cluster. Maps cluster name to used resources',
        additionalProperties: { $ref: `${refPrefix}${S}QuotaStatusUserUsed` },
      },
    }),
    [`${S}QuotaStatusUserUsed`]: struct(undefined, {
      users: {
        type: 'object',
        description: 'Users is a mapping of users to used resources',
        additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
      },
      teams: {
        type: 'object',
        description: 'Teams is a mapping of teams to used resources',
        additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
      },
    }),
    [`${S}SecretRef`]: struct('SecretRef is the reference to a secret containing the user password', {
      secretName: str('SecretName is the name of the secret'),
      secretNamespace: str('SecretNamespace is the namespace of the secret'),
      key: str('Key is the key of the secret data to use'),
    }),
    [`${S}KindSecretRef`]: struct('KindSecretRef is the reference to a secret containing the user password', {
      apiGroup: str('APIGroup is the api group of the secret'),
      kind: str('Kind is the kind of the secret'),
      secretName: str('SecretName is the name of the secret'),
      secretNamespace: str('SecretNamespace is the namespace of the secret'),
      key: str('Key is the key of the secret data to use'),
    }),
    [`${S}ClusterRoleRef`]: struct(undefined, {
      name: str('Name is the cluster role to assign'),
    }),
    [`${S}Metrics`]: struct(undefined, {
      replicas: int32('Replicas is the number of desired replicas.'),
      resources: obj('io.k8s.api.core.v1.ResourceRequirements', 'Resources are compute resource required by the metrics backend'),
      retention: str('Retention is the metrics data retention period. Default is 1y'),
      storage: obj(`${S}Storage`, "Storage contains settings related to the metrics backend's persistent volume configuration"),
    }),
    [`${S}Storage`]: struct(undefined, {
      storageClass: str(
        `StorageClass the storage class to use when provisioning the metrics backend's persistent volume If set to "-" or "" dynamic provisioning is disabled If set to undefined or null (the default), the cluster's default storage class is used for provisioning`,
      ),
      size: str("Size the size of the metrics backend's persistent volume"),
    }),
    [`${S}OpenCost`]: struct(undefined, {
      replicas: int32('Replicas is the number of desired replicas.'),
      resources: obj('io.k8s.api.core.v1.ResourceRequirements', 'Resources are compute resource required by the OpenCost backend'),
    }),
    [`${S}AccessKeyScope`]: struct(undefined, {
      roles: objs(`${S}AccessKeyScopeRole`, 'Roles is a set of managed permissions to apply to the access key.'),
      projects: objs(`${S}AccessKeyScopeProject`, 'Projects specifies the projects the access key should have access to.'),
      spaces: objs(`${S}AccessKeyScopeSpace`, 'Spaces specifies the spaces the access key is allowed to access.'),
      virtualClusters: objs(`${S}AccessKeyScopeVirtualCluster`, 'VirtualClusters specifies the virtual clusters the access key is allowed to access.'),
      clusters: objs(`${S}AccessKeyScopeCluster`, 'Clusters specifies the project cluster the access key is allowed to access.'),
      rules: objs(
        `${S}AccessKeyScopeRule`,
        'DEPRECATED: Use Projects, Spaces and VirtualClusters instead Rules specifies the rules that should apply to the access key.',
      ),
      allowLoftCli: bool(
        'AllowLoftCLI allows certain read-only management requests to make sure loft cli works correctly with this specific access key.\n\nDeprecated: Use the `roles` field instead',
      ),
    }),
    [`${S}AccessKeyScopeRole`]: struct(undefined, {
      role: str('Role is the name of the role to apply to the access key scope.', {
        enum: ['agent', 'loft-cli', 'network-peer', 'runner', 'vcluster', 'workspace'],
      }),
      projects: strings('Projects specifies the projects the access key should have access to.'),
      virtualClusters: strings('VirtualClusters specifies the virtual clusters the access key is allowed to access.'),
    }),
    [`${S}AccessKeyScopeProject`]: struct(undefined, {
      project: str('Project is the name of the project. You can specify * to select all projects.'),
    }),
    [`${S}AccessKeyScopeSpace`]: struct(undefined, {
      project: str('Project is the name of the project.'),
      space: str('Space is the name of the space. You can specify * to select all spaces.'),
    }),
    [`${S}AccessKeyScopeVirtualCluster`]: struct(undefined, {
      project: str('Project is the name of the project.'),
      virtualCluster: str('VirtualCluster is the name of the virtual cluster to access. You can specify * to select all virtual clusters.'),
    }),
    [`${S}AccessKeyScopeCluster`]: struct(undefined, {
      cluster: str('Cluster is the name of the cluster to access. You can specify * to select all clusters.'),
    }),
    [`${S}AccessKeyScopeRule`]: struct('AccessKeyScopeRule describes a rule for the access key', {
      verbs: strings('The verbs that match this rule. An empty list implies every verb.'),
      resources: objs(`${S}GroupResources`, 'Resources that this rule matches. An empty list implies all kinds in all API groups.'),
      namespaces: strings('Namespaces that this rule matches. The empty string "" matches non-namespaced resources. An empty list implies every namespace.'),
      nonResourceURLs: strings('NonResourceURLs is a set of URL paths that should be checked. *s are allowed, but only as the full, final step in the path.'),
      requestTargets: strings('RequestTargets is a list of request targets that are allowed. An empty list implies every request.'),
      cluster: str(
        'Cluster that this rule matches. Only applies to cluster requests. If this is set, no requests for non cluster requests are allowed. An empty cluster means no restrictions will apply.',
      ),
      virtualClusters: objs(
        `${S}AccessKeyVirtualCluster`,
        'VirtualClusters that this rule matches. Only applies to virtual cluster requests. An empty list means no restrictions will apply.',
      ),
    }),
    [`${S}GroupResources`]: struct('GroupResources represents resource kinds in an API group.', {
      group: str('Group is the name of the API group that contains the resources. The empty string represents the core API group.'),
      resources: strings('Resources is a list of resources this rule applies to.'),
      resourceNames: strings(
        'ResourceNames is a list of resource instance names that the policy matches. Using this field requires Resources to be specified. An empty list implies that every instance of the resource is matched.',
      ),
    }),
    [`${S}AccessKeyVirtualCluster`]: struct(undefined, {
      name: str('Name of the virtual cluster. Empty means all virtual clusters.'),
      namespace: str('Namespace of the virtual cluster. Empty means all namespaces.'),
    }),
    [`${S}SSOIdentity`]: struct(undefined, {
      userId: str('The subject of the user'),
      username: str('The username'),
      preferredUsername: str('The preferred username / display name'),
      email: str('The user email'),
      emailVerified: bool('If the user email was verified'),
      groups: strings('The groups from the identity provider'),
      connector: str('Connector is the name of the connector this access key was created from'),
      connectorData: str(
        'ConnectorData holds data used by the connector for subsequent requests after initial authentication, such as access tokens for upstream providers.\n\nThis data is never shared with end users, OAuth clients, or through the API.',
        { format: 'byte' },
      ),
      extraClaims: stringMap(
        'ExtraClaims are claims that are not otherwise contained in this struct but may be provided by the OIDC provider. Only extra claims that are allowed by the auth config are included.',
      ),
    }),
    [`${S}AccessKeyOIDCProvider`]: struct(undefined, {
      clientId: str('ClientId the token was generated for'),
      nonce: str('Nonce to use'),
      redirectUri: str('RedirectUri to use'),
      scopes: str('Scopes to use'),
    }),
    [`${S}AccessKeyOIDC`]: struct(undefined, {
      idToken: str('The current id token that was created during login', { format: 'byte' }),
      accessToken: str('The current access token that was created during login', { format: 'byte' }),
      refreshToken: str('The current refresh token that was created during login', { format: 'byte' }),
      lastRefresh: time('The last time the id token was refreshed'),
    }),
    [`${S}AppVersion`]: struct(undefined, {
      defaultNamespace: str('DefaultNamespace is the default namespace this app should installed in.'),
      readme: str('Readme is a longer markdown string that describes the app.'),
      icon: str('Icon holds an URL to the app icon'),
      config: obj(`${AC}HelmReleaseConfig`, 'Config is the helm config to use to deploy the helm release'),
      wait: bool('Wait determines if Loft should wait during deploy for the app to become ready'),
      timeout: str('Timeout is the time to wait for any individual Kubernetes operation (like Jobs for hooks) (default 5m0s)'),
      parameters: objs(`${S}AppParameter`, 'Parameters define additional app parameters that will set helm values'),
      version: str('Version is the version. Needs to be in X.X.X format.'),
    }),
  };
}

// ---- agentapi types ----

function agentDefinitions(): Record<string, Schema> {
  return {
    [`${AS}Condition`]: struct(
      'Condition defines an observation of a Cluster API resource operational state.',
      {
        type: str(
          'Type of condition in CamelCase or in foo.example.com/CamelCase. Many .condition.type values are consistent across resources like Available, but because arbitrary conditions can be useful (see .node.status.conditions), the ability to deconflict is important.',
        ),
        status: str('Status of the condition, one of True, False, Unknown.'),
        severity: str(
          'Severity provides an explicit classification of Reason code, so the users or machines can immediately understand the current situation and act accordingly. The Severity field MUST be set only when Status=False.',
        ),
        lastTransitionTime: time(
          'Last time the condition transitioned from one status to another. This should be when the underlying condition changed. If that is not known, then using the time when the API field changed is acceptable.',
        ),
        reason: str(
          "The reason for the condition's last transition in CamelCase. The specific API may choose whether this field is considered a guaranteed API. This field may not be empty.",
        ),
        message: str('A human readable message indicating details about the transition. This field may be empty.'),
      },
      { required: ['type', 'status', 'lastTransitionTime'] },
    ),
    [`${AC}ProjectSecretRef`]: struct(undefined, {
      project: str('Project is the project name where the secret is located in.'),
      name: str('Name of the project secret to use.'),
      key: str('Key of the project secret to use.'),
    }),
    [`${AC}ChartSecretRef`]: struct(undefined, {
      projectSecretRef: obj(`${AC}ProjectSecretRef`, 'ProjectSecretRef holds the reference to a project secret'),
    }),
    [`${AC}Chart`]: struct('Chart describes a chart', {
      name: str('Name is the chart name in the repository'),
      version: str('Version is the chart version in the repository'),
      repoURL: str('RepoURL is the repo url where the chart can be found'),
      username: str('The username that is required for this repository'),
      usernameRef: obj(`${AC}ChartSecretRef`, 'The username that is required for this repository'),
      password: str('The password that is required for this repository'),
      passwordRef: obj(`${AC}ChartSecretRef`, 'The password that is required for this repository'),
      insecureSkipTlsVerify: bool('If tls certificate checks for the chart download should be skipped'),
    }),
    [`${AC}Bash`]: struct(undefined, {
      script: str('Script is the script to execute.'),
      image: str('Image is the image to use for this app'),
      clusterRole: str('ClusterRole is the cluster role to use for this job'),
      podSecurityContext: obj('io.k8s.api.core.v1.PodSecurityContext', 'PodSecurityContext for the bash pod.'),
      securityContext: obj('io.k8s.api.core.v1.SecurityContext', 'SecurityContext for the bash container.'),
    }),
    [`${AC}HelmReleaseConfig`]: struct(undefined, {
      chart: obj(`${AC}Chart`, 'Chart holds information about a chart that should get deployed'),
      manifests: str('Manifests holds kube manifests that will be deployed as a chart'),
      bash: obj(`${AC}Bash`, 'Bash holds the bash script to execute in a container in the target'),
      values: str(
        'Values is the set of extra Values added to the chart. These values merge with the default values inside of the chart. You can use golang templating in here with values from parameters.',
      ),
      parameters: str('Parameters are additional helm chart values that will get merged with config and are then used to deploy the helm chart.'),
      annotations: stringMap('Annotations are extra annotations for this helm release'),
    }),
    [`${AC}SleepModeConfig`]: struct(
      'SleepModeConfig holds the sleepmode information',
      {
        ...typeMeta(),
        metadata: metadataProperty(),
        spec: obj(`${AC}SleepModeConfigSpec`, 'SleepModeConfigSpec holds the sleep mode settings'),
        status: obj(`${AC}SleepModeConfigStatus`, 'SleepModeConfigStatus holds the sleep mode state'),
      },
    ),
    [`${AC}SleepModeConfigSpec`]: struct(undefined, {
      forceSleep: bool('If force sleep is true the space will sleep'),
      forceSleepDuration: int64(
        'If force sleep duration is set, this will force the space to sleep for the given duration. It also implies that forceSleep is true. During this period loft will also block certain requests to that space. If this is set to 0, it means the space will sleep until it is manually woken up via the cli or ui.',
      ),
      deleteAfter: int64('DeleteAfter specifies after how many seconds of inactivity the space should be deleted'),
      sleepAfter: int64('SleepAfter specifies after how many seconds of inactivity the space should sleep'),
      sleepSchedule: str(
        'SleepSchedule specifies scheduled space sleep in Cron format, see https://en.wikipedia.org/wiki/Cron. Note: timezone defined in the schedule string will be ignored. Use ".Spec.Timezone" field instead.',
      ),
      wakeupSchedule: str(
        'WakeupSchedule specifies scheduled wakeup from sleep in Cron format, see https://en.wikipedia.org/wiki/Cron. Note: timezone defined in the schedule string will be ignored. Use ".Spec.Timezone" field instead.',
      ),
      timezone: str(
        'Timezone specifies time zone used for scheduled space operations. Defaults to UTC. Accepts the same format as time.LoadLocation() in Go (https://pkg.go.dev/time#LoadLocation). The value should be a location name corresponding to a file in the IANA Time Zone database, such as "America/New_York". See also: https://en.wikipedia.org/wiki/List_of_tz_database_time_zones',
      ),
      ignoreActiveConnections: bool('IgnoreActiveConnections ignores active connections on the namespace'),
      ignoreAll: bool('IgnoreAll ignores all requests'),
      ignoreIngresses: bool('IgnoreIngresses ignores all ingresses'),
      ignoreVClusters: bool('IgnoreVClusters ignores vcluster requests'),
      ignoreGroups: str('IgnoreGroups are ignored user groups'),
      ignoreVerbs: str('IgnoreVerbs are ignored request verbs'),
      ignoreResources: str('IgnoreResources are ignored request resources'),
      ignoreResourceVerbs: str('IgnoreResourceVerbs are ignored resource verbs'),
      ignoreResourceNames: str('IgnoreResourceNames are ignored resources and names'),
      ignoreUserAgents: str("IgnoreUseragents are ignored user agents with trailing wildcards '*' allowed. comma separated"),
    }),
    [`${AC}SleepModeConfigStatus`]: struct(undefined, {
      lastActivity: int64('LastActivity indicates the last activity in the namespace'),
      lastActivityInfo: obj(`${AC}LastActivityInfo`, 'LastActivityInfo holds information about the last activity within this space'),
      sleepingSince: int64('SleepingSince specifies since when the space is sleeping (if this is not specified, loft assumes the space is not sleeping)'),
      currentEpoch: obj(`${AC}EpochInfo`, 'Optional info that indicates how long the space was sleeping in the current epoch'),
      lastEpoch: obj(`${AC}EpochInfo`, 'Optional info that indicates how long the space was sleeping in the current epoch'),
      sleptLastThirtyDays: double(
        'This is a calculated field that will be returned but not saved and describes the percentage since the space was created or the last 30 days the space has slept',
      ),
      sleptLastSevenDays: double(
        'This is a calculated field that will be returned but not saved and describes the percentage since the space was created or the last 7 days the space has slept',
      ),
      scheduledSleep: int64(
        'Indicates time of the next scheduled sleep based on .Spec.SleepSchedule and .Spec.ScheduleTimeZone The time is a Unix time, the number of seconds elapsed since January 1, 1970 UTC',
      ),
      scheduledWakeup: int64(
        'Indicates time of the next scheduled wakeup based on .Spec.WakeupSchedule and .Spec.ScheduleTimeZone The time is a Unix time, the number of seconds elapsed since January 1, 1970 UTC',
      ),
      sleepType: str('SleepType specifies a type of sleep, which has effect on which actions will cause the space to wake up.'),
    }),
    [`${AC}LastActivityInfo`]: struct('LastActivityInfo holds information about the last activity', {
      subject: str('Subject is the user or team where this activity was recorded'),
      host: str('Host is the host where this activity was recorded'),
      verb: str('Verb is the verb that was used for the request'),
      apiGroup: str('APIGroup is the api group that was used for the request'),
      resource: str('Resource is the resource of the request'),
      subresource: str('Subresource is the subresource of the request'),
      name: str('Name is the name of the resource'),
      virtualCluster: str('VirtualCluster is the virtual cluster this activity happened in'),
    }),
    [`${AC}EpochInfo`]: struct('EpochInfo holds information about how long the space was sleeping in the epoch', {
      start: int64('Timestamp when the epoch has started'),
      slept: int64('Amount of milliseconds the space has slept in the epoch'),
    }),
  };
}

// ---- management.loft.sh/v1 kinds ----

function managementDefinitions(): Record<string, Schema> {
  return {
    // VirtualClusterInstance
    [`${M}VirtualClusterInstance`]: specStatusKind(
      'VirtualClusterInstance',
      'VirtualClusterInstance holds the VirtualClusterInstance information',
      'VirtualClusterInstanceSpec holds the specification',
      'VirtualClusterInstanceStatus holds the status',
    ),
    [`${M}VirtualClusterInstanceList`]: listKind('VirtualClusterInstance'),
    [`${M}VirtualClusterInstanceSpec`]: struct('VirtualClusterInstanceSpec holds the specification', {
      displayName: displayName(),
      description: str('Description describes a virtual cluster instance'),
      owner: owner(),
      templateRef: obj(`${S}TemplateRef`, 'TemplateRef holds the virtual cluster template reference'),
      template: obj(
        `${S}VirtualClusterTemplateDefinition`,
        'Template is the inline template to use for virtual cluster creation. This is mutually exclusive with templateRef.',
      ),
      clusterRef: obj(`${S}VirtualClusterClusterRef`, 'ClusterRef is the reference to the connected cluster holding this virtual cluster'),
      parameters: str(
        'Parameters are values to pass to the template. The values should be encoded as YAML string where each parameter is represented as a top-level field key.',
      ),
      extraAccessRules: objs(
        `${S}InstanceAccessRule`,
        'ExtraAccessRules defines extra rules which users and teams should have which access to the virtual cluster.',
      ),
      access: accessList('Access to the virtual cluster object itself'),
      networkPeer: bool('NetworkPeer specifies if the cluster is connected via tailscale.'),
      external: bool('External specifies if the virtual cluster is managed by the platform agent or externally.'),
    }),
    [`${M}VirtualClusterInstanceStatus`]: struct('VirtualClusterInstanceStatus holds the status', {
      phase: str('Phase describes the current phase the virtual cluster instance is in'),
      reason: str('Reason describes the reason in machine-readable form why the cluster is in the current phase'),
      message: str('Message describes the reason in human-readable form why the cluster is in the current phase'),
      serviceUID: str('ServiceUID is the service uid of the virtual cluster to uniquely identify it.'),
      deployHash: str('DeployHash is the hash of the last deployed values.'),
      kubernetesVersion: str('KubernetesVersion is the Kubernetes version of the virtual cluster.'),
      conditions: conditions('Conditions holds several conditions the virtual cluster might be in'),
      virtualClusterObjects: obj(`${S}ObjectsStatus`, 'VirtualClusterObjects are the objects that were applied within the virtual cluster itself'),
      spaceObjects: obj(`${S}ObjectsStatus`, 'SpaceObjects are the objects that were applied within the virtual cluster space'),
      virtualCluster: obj(`${S}VirtualClusterTemplateDefinition`, 'VirtualCluster is the template rendered with all the parameters'),
      ignoreReconciliation: bool(
        'IgnoreReconciliation tells the controller to ignore reconciliation for this instance -- this is primarily used when migrating virtual cluster instances from project to project; this prevents a situation where there are two virtual cluster instances representing the same virtual cluster which could cause issues with concurrent reconciliations of the same object. Once the virtual cluster instance has been cloned and placed into the new project, this (the "old") virtual cluster instance can safely be deleted.',
      ),
      sleepModeConfig: obj(`${AC}SleepModeConfig`, 'SleepModeConfig is the sleep mode config of the space. This will only be shown in the front end.'),
      canUse: bool('CanUse specifies if the requester can use the instance'),
      canUpdate: bool('CanUpdate specifies if the requester can update the instance'),
      online: bool('Online specifies if there is at least one network peer available for an agentless vCluster.'),
    }),
    [`${M}VirtualClusterInstanceKubeConfig`]: specStatusKind(
      'VirtualClusterInstanceKubeConfig',
      'VirtualClusterInstanceKubeConfig holds kube config request and response data for virtual clusters',
      'VirtualClusterInstanceKubeConfigSpec holds the request',
      'VirtualClusterInstanceKubeConfigStatus holds the response',
    ),
    [`${M}VirtualClusterInstanceKubeConfigSpec`]: struct(undefined, {
      certificateTTL: int32(
        'CertificateTTL holds the ttl (in seconds) to set for the certificate associated with the returned kubeconfig. This field is optional, if no value is provided, the certificate TTL will be set to one day. If set to zero, this will cause loft to pass nil to the certificate signing request, which will result in the certificate being valid for the clusters `cluster-signing-duration` value which is typically one year.',
      ),
      server: str('Server allows user to override server in the kubeconfig.'),
      clientCert: bool('ClientCert, if set to true, will return kube config with generated client certs instead of platform token'),
    }),
    [`${M}VirtualClusterInstanceKubeConfigStatus`]: struct(undefined, {
      kubeConfig: str('KubeConfig holds the final kubeconfig output'),
    }),

    // VirtualClusterTemplate
    [`${M}VirtualClusterTemplate`]: specStatusKind(
      'VirtualClusterTemplate',
      'VirtualClusterTemplate holds the information',
      'VirtualClusterTemplateSpec holds the specification',
      'VirtualClusterTemplateStatus holds the status',
    ),
    [`${M}VirtualClusterTemplateList`]: listKind('VirtualClusterTemplate'),
    [`${M}VirtualClusterTemplateSpec`]: struct('VirtualClusterTemplateSpec holds the specification', {
      displayName: str('DisplayName is the name that is shown in the UI'),
      description: str('Description describes the virtual cluster template'),
      owner: owner(),
      template: obj(`${S}VirtualClusterTemplateDefinition`, 'Template holds the virtual cluster template'),
      parameters: objs(`${S}AppParameter`, 'Parameters define additional app parameters that will set helm values'),
      versions: objs(`${S}VirtualClusterTemplateVersion`, 'Versions are different versions of the template that can be referenced as well'),
      access: accessList(),
      spaceTemplateRef: obj(
        `${S}VirtualClusterTemplateSpaceTemplateRef`,
        'DEPRECATED: SpaceTemplate to use to create the virtual cluster space if it does not exist',
      ),
    }),
    [`${M}VirtualClusterTemplateStatus`]: struct('VirtualClusterTemplateStatus holds the status', {
      apps: objs(`${S}EntityInfo`, 'Apps holds the apps the template references'),
    }),

    // Project
    [`${M}Project`]: specStatusKind('Project', 'Project holds the Project information', 'ProjectSpec holds the specification', 'ProjectStatus holds the status'),
    [`${M}ProjectList`]: listKind('Project'),
    [`${M}ProjectSpec`]: struct('ProjectSpec holds the specification', {
      displayName: displayName(),
      description: str('Description describes an app'),
      owner: owner(),
      quotas: obj(`${S}Quotas`, 'Quotas define the quotas inside the project'),
      allowedClusters: objs(`${S}AllowedCluster`, 'AllowedClusters are target clusters that are allowed to target with environments.'),
      allowedTemplates: objs(`${S}AllowedTemplate`, 'AllowedTemplates are the templates that are allowed to use in this project.'),
      requireTemplate: obj(`${S}RequireTemplate`, 'RequireTemplate configures if a template is required for instance creation.'),
      members: objs(`${S}Member`, 'Members are the users and teams that are part of this project'),
      access: accessList(),
      namespacePattern: obj(
        `${S}NamespacePattern`,
        "NamespacePattern specifies template patterns to use for creating each space or virtual cluster's namespace",
      ),
      namespaceTemplate: obj(
        `${S}ProjectNamespaceTemplate`,
        "NamespaceTemplate defines metadata that should be applied to the project's namespace on creation. This is useful for environments where admission controllers (e.g., Kyverno) require specific labels or annotations on namespaces.",
      ),
    }),
    [`${M}ProjectStatus`]: struct('ProjectStatus holds the status', {
      quotas: obj(`${S}QuotaStatus`, 'Quotas holds the quota status'),
      conditions: conditions('Conditions holds several conditions the project might be in'),
    }),
    [`${M}ProjectTemplates`]: kind('ProjectTemplates', 'ProjectTemplates holds the templates that may be used in a project', {
      defaultVirtualClusterTemplate: str('DefaultVirtualClusterTemplate is the default template for the project'),
      virtualClusterTemplates: objs(`${M}VirtualClusterTemplate`, 'VirtualClusterTemplates holds all the allowed virtual cluster templates'),
      defaultSpaceTemplate: str('DefaultSpaceTemplate is the default space template for the project'),
      spaceTemplates: {
        type: 'array',
        description: 'SpaceTemplates holds all the allowed space templates',
        items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    }),
    [`${M}ProjectClusters`]: kind('ProjectClusters', 'ProjectClusters holds the clusters a project may schedule into', {
      clusters: objs(`${M}Cluster`, 'Clusters holds all the allowed clusters'),
    }),

    // ProjectSecret
    [`${M}ProjectSecret`]: specStatusKind(
      'ProjectSecret',
      'ProjectSecret holds the Project Secret information',
      'ProjectSecretSpec holds the specification',
      'ProjectSecretStatus holds the status',
    ),
    [`${M}ProjectSecretList`]: listKind('ProjectSecret'),
    [`${M}ProjectSecretSpec`]: struct('ProjectSecretSpec holds the specification', {
      displayName: displayName(),
      description: str('Description describes a Project secret'),
      owner: owner(),
      data: {
        type: 'object',
        description:
          "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
        additionalProperties: { type: 'string', format: 'byte' },
      },
      access: accessList(),
    }),
    [`${M}ProjectSecretStatus`]: struct('ProjectSecretStatus holds the status', {
      conditions: conditions('Conditions holds several conditions the project might be in'),
    }),

    // Cluster
    [`${M}Cluster`]: specStatusKind('Cluster', 'Cluster holds the cluster information', 'ClusterSpec holds the specification', 'ClusterStatus holds the status'),
    [`${M}ClusterList`]: listKind('Cluster'),
    [`${M}ClusterSpec`]: struct('ClusterSpec holds the specification', {
      displayName: str('If specified this name is displayed in the UI instead of the metadata name'),
      description: str('Description describes a cluster access object'),
      owner: owner(),
      config: obj(`${S}SecretRef`, 'Holds a reference to a secret that holds the kube config to access this cluster'),
      local: bool('Local specifies if it is the local cluster that should be connected, when this is specified, config is optional'),
      networkPeer: bool('NetworkPeer specifies if the cluster is connected via tailscale, when this is specified, config is optional'),
      managementNamespace: str('The namespace where the cluster components will be installed in'),
      unusable: bool('If unusable is true, no spaces or virtual clusters can be scheduled on this cluster.'),
      access: accessList(),
      metrics: obj(`${S}Metrics`, "Metrics holds the cluster's metrics backend configuration"),
      opencost: obj(`${S}OpenCost`, "OpenCost holds the cluster's OpenCost backend configuration"),
    }),
    [`${M}ClusterStatus`]: struct('ClusterStatus holds the status', {
      phase: str('Phase is the phase the cluster is in: empty while initializing, Initialized or Failed'),
      reason: str('Reason describes the reason in machine-readable form why the cluster is in the current phase'),
      message: str('Message describes the reason in human-readable form why the cluster is in the current phase'),
      conditions: conditions('Conditions holds several conditions the cluster might be in'),
      online: bool('Online is whether the cluster is currently connected to the coordination server.'),
    }),

    // User
    [`${M}User`]: specStatusKind('User', 'User holds the user information', 'UserSpec holds the specification', 'UserStatus holds the status of an user'),
    [`${M}UserList`]: listKind('User'),
    [`${M}UserSpec`]: struct('UserSpec holds the specification', {
      displayName: str('The display name shown in the UI'),
      description: str('Description describes a cluster access object'),
      owner: owner(),
      username: str('The username that is used to login'),
      icon: str('The URL to an icon that should be shown for the user'),
      email: str('The users email address'),
      subject: str('The user subject as presented by the token'),
      groups: strings('The groups the user has access to'),
      ssoGroups: strings('SSOGroups is used to remember groups that were added from sso.'),
      passwordRef: obj(`${S}SecretRef`, 'A reference to the user password'),
      codesRef: obj(`${S}SecretRef`, 'A reference to the users access keys'),
      imagePullSecrets: objs(`${S}KindSecretRef`, 'ImagePullSecrets holds secret references to image pull secrets the user has access to.'),
      tokenGeneration: int64('TokenGeneration can be used to invalidate all user tokens'),
      disabled: bool(
        'If disabled is true, an user will not be able to login anymore. All other user resources are unaffected and other users can still interact with this user',
      ),
      clusterRoles: objs(`${S}ClusterRoleRef`, 'ClusterRoles define the cluster roles that the users should have assigned in the cluster.'),
      access: accessList(),
      extraClaims: stringMap('ExtraClaims are additional claims that have been added to the user by an admin.'),
    }),
    [`${M}UserStatus`]: struct('UserStatus holds the status of an user', {
      teams: strings('Teams the user is currently part of'),
    }),
    [`${M}UserInfo`]: struct(undefined, {
      name: str('Name is the kubernetes name of the object'),
      displayName: str('The display name shown in the UI'),
      icon: str('Icon is the icon of the user / team'),
      username: str('The username that is used to login'),
      email: str('The users email address'),
      subject: str('The user subject'),
      teams: objs(`${S}EntityInfo`, 'Teams are the teams the user is part of'),
    }),

    // Team
    [`${M}Team`]: specStatusKind('Team', 'Team holds the team information', 'TeamSpec holds the specification', 'TeamStatus holds the status'),
    [`${M}TeamList`]: listKind('Team'),
    [`${M}TeamSpec`]: struct('TeamSpec holds the specification', {
      displayName: str('The display name shown in the UI'),
      description: str('Description describes a cluster access object'),
      owner: owner(),
      username: str('The username of the team that will be used for identification and docker registry namespace'),
      users: strings('The loft users that belong to a team'),
      groups: strings('The groups defined in a token that belong to a team'),
      imagePullSecrets: objs(`${S}KindSecretRef`, 'ImagePullSecrets holds secret references to image pull secrets the team has access to.'),
      clusterRoles: objs(`${S}ClusterRoleRef`, 'ClusterRoles define the cluster roles that the users should have assigned in the cluster.'),
      access: accessList(),
    }),
    [`${M}TeamStatus`]: struct('TeamStatus holds the status', {}),

    // OwnedAccessKey
    [`${M}OwnedAccessKey`]: specStatusKind(
      'OwnedAccessKey',
      'OwnedAccessKey is an access key that is owned by the current user',
      'OwnedAccessKeySpec holds the specification',
      'OwnedAccessKeyStatus holds the status',
    ),
    [`${M}OwnedAccessKeyList`]: listKind('OwnedAccessKey'),
    [`${M}OwnedAccessKeySpec`]: struct('OwnedAccessKeySpec holds the specification', {
      displayName: str('The display name shown in the UI'),
      description: str('Description describes an access key'),
      user: str('The user this access key refers to'),
      team: str('The team this access key refers to'),
      subject: str('Subject is a generic subject that can be used instead of user or team'),
      groups: strings('Groups specifies extra groups to apply when using this access key'),
      key: str('The actual access key that will be used as a bearer token'),
      disabled: bool('If this field is true, the access key is still allowed to exist, however will not work to access the api'),
      ttl: int64('The time to life for this access key'),
      ttlAfterLastActivity: bool('If this is specified, the time to life for this access key will start after the lastActivity instead of creation timestamp'),
      scope: obj(`${S}AccessKeyScope`, 'Scope defines the scope of the access key.'),
      type: str('The type of an access key, which basically describes if the access key is user managed or managed by loft itself.'),
      identity: obj(`${S}SSOIdentity`, 'If available, contains information about the sso login data for this access key'),
      identityRefresh: time('The last time the identity was refreshed'),
      oidcProvider: obj(`${S}AccessKeyOIDCProvider`, 'If the token is a refresh token, contains information about it'),
      parent: str(
        'DEPRECATED: do not use anymore Parent is used to share OIDC and external token information with multiple access keys. Since copying an OIDC refresh token would result in the other access keys becoming invalid after a refresh parent allows access keys to share that information.\n\nThe use case for this is primarily user generated access keys, which will have the users current access key as parent if it contains an OIDC token.',
      ),
      oidcLogin: obj(
        `${S}AccessKeyOIDC`,
        'DEPRECATED: Use identity instead If available, contains information about the oidc login data for this access key',
      ),
    }),
    [`${M}OwnedAccessKeyStatus`]: struct('OwnedAccessKeyStatus holds the status', {
      lastActivity: time('The last time this access key was used to access the api'),
    }),

    // Self
    [`${M}Self`]: specStatusKind(
      'Self',
      'Self holds information about the currently logged in user',
      'SelfSpec holds the request',
      'SelfStatus holds the information about the caller',
    ),
    [`${M}SelfSpec`]: struct(undefined, {
      accessKey: str('AccessKey is an optional access key to use instead of the provided one'),
    }),
    [`${M}SelfStatus`]: struct(undefined, {
      user: obj(`${M}UserInfo`, 'The name of the currently logged in user'),
      team: obj(`${S}EntityInfo`, 'The name of the currently logged in team'),
      accessKey: str('The name of the currently used access key'),
      accessKeyScope: obj(`${S}AccessKeyScope`, 'The scope of the currently used access key'),
      accessKeyType: str('The type of the currently used access key'),
      subject: str('The subject of the currently logged in user'),
      uid: str('UID is the user uid'),
      groups: strings('The groups of the currently logged in user'),
      instanceID: str('InstanceID is the loft instance id'),
      loftHost: str('LoftHost is the host of the loft instance'),
      projectNamespacePrefix: str('ProjectNamespacePrefix is the prefix used to name project namespaces after defaulting has been applied'),
    }),

    // SelfSubjectAccessReview
    [`${M}SelfSubjectAccessReview`]: specStatusKind(
      'SelfSubjectAccessReview',
      'SelfSubjectAccessReview checks whether the current user can perform an action on the platform',
      'SelfSubjectAccessReviewSpec holds the access request',
      'SelfSubjectAccessReviewStatus holds the decision',
    ),
    [`${M}SelfSubjectAccessReviewSpec`]: struct(undefined, {
      resourceAttributes: obj(
        'io.k8s.api.authorization.v1.ResourceAttributes',
        'ResourceAuthorizationAttributes describes information for a resource access request',
      ),
      nonResourceAttributes: obj('io.k8s.api.authorization.v1.NonResourceAttributes', 'NonResourceAttributes describes information for a non-resource access request'),
    }),
    [`${M}SelfSubjectAccessReviewStatus`]: struct(
      undefined,
      {
        allowed: bool('Allowed is required. True if the action would be allowed, false otherwise.'),
        denied: bool(
          'Denied is optional. True if the action would be denied, otherwise false. If both allowed is false and denied is false, then the authorizer has no opinion on whether to authorize the action. Denied may not be true if Allowed is true.',
        ),
        reason: str('Reason is optional.  It indicates why a request was allowed or denied.'),
        evaluationError: str(
          'EvaluationError is an indication that some error occurred during the authorization check. It is entirely possible to get an error and be able to continue determine authorization status in spite of it. For instance, RBAC can be missing a role, but enough roles are still present and bound to reason about the request.',
        ),
      },
      { required: ['allowed'] },
    ),

    // App
    [`${M}App`]: specStatusKind('App', 'App holds the information', 'AppSpec holds the specification', 'AppStatus holds the status'),
    [`${M}AppList`]: listKind('App'),
    [`${M}AppSpec`]: struct('AppSpec holds the specification', {
      displayName: displayName(),
      description: str('Description describes an app'),
      owner: owner(),
      clusters: strings('Clusters are the clusters this app can be installed in.'),
      recommendedApp: strings('RecommendedApp specifies where this app should show up as recommended app'),
      defaultNamespace: str('DefaultNamespace is the default namespace this app should installed in.'),
      readme: str('Readme is a longer markdown string that describes the app.'),
      icon: str('Icon holds an URL to the app icon'),
      config: obj(`${AC}HelmReleaseConfig`, 'Config is the helm config to use to deploy the helm release'),
      wait: bool('Wait determines if Loft should wait during deploy for the app to become ready'),
      timeout: str('Timeout is the time to wait for any individual Kubernetes operation (like Jobs for hooks) (default 5m0s)'),
      parameters: objs(`${S}AppParameter`, 'Parameters define additional app parameters that will set helm values'),
      versions: objs(`${S}AppVersion`, 'Versions are different app versions that can be referenced'),
      access: accessList(),
    }),
    [`${M}AppStatus`]: struct('AppStatus holds the status', {}),
  };
}

let cached: { schemas: Record<string, Schema>; resolve: SchemaResolver } | undefined;

/** Returns the management.loft.sh definitions by name and a resolver that also resolves built-in (io.k8s.*) refs. */
export function managementSchemas(): { schemas: Record<string, Schema>; resolve: SchemaResolver } {
  if (!cached) {
    const schemas: Record<string, Schema> = { ...managementDefinitions(), ...storageDefinitions(), ...agentDefinitions() };
    const builtin = builtinSchemas().resolve;
    const resolve: SchemaResolver = (ref) => {
      if (!ref.startsWith(refPrefix)) return undefined;
      return schemas[ref.slice(refPrefix.length)] ?? builtin(ref);
    };
    cached = { schemas, resolve };
  }
  return cached;
}

/** Returns the definition name of a management kind (e.g. ...management.v1.VirtualClusterInstance). */
export function managementDefinition(kindName: string): string {
  return `${M}${kindName}`;
}
