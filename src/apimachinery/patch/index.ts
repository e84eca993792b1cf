// The three patch types kube-apiserver applies to an existing object (PATCH with
// application/json-patch+json, application/merge-patch+json and
// application/strategic-merge-patch+json). Each is a pure function from (object, patch) to a new
// object; failures are StatusErrors ready to be sent as the response.
export { applyJsonPatch, JSON_PATCH_MAX_COPY_BYTES, MAX_JSON_PATCH_OPERATIONS } from './json-patch.ts';
export { applyMergePatch, createMergePatch } from './merge-patch.ts';
export { applyStrategicMergePatch } from './strategic-merge-patch.ts';
export { MAX_PATCH_DEPTH } from './json-value.ts';
