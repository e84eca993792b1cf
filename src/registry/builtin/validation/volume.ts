// Pod volumes and the paths that point into them (pkg/apis/core/validation: ValidateVolumes,
// validateVolumeSource, ValidateVolumeMounts, validateKeyToPath, validateLocalDescendingPath).
// A volume with no source at all is an emptyDir: upstream's v1 defaulting (SetDefaults_Volume)
// fills one in before validation, so it is not an error here either.

import { fieldDuplicate, fieldForbidden, fieldInvalid, fieldNotSupported, fieldRequired, validation, type FieldError } from '../../../apimachinery/index.ts';
import { fieldNotFound } from './go-value.ts';
import { isNegative, parseQuantity } from './quantity.ts';
import { arr, child, index, invalidEach, numOpt, objOf, objOr, str, type Obj } from './util.ts';

/** The volume sources in the order upstream checks them (the second one found is the one refused). */
const volumeSources = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'flocker', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap',
  'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO',
  'csi', 'ephemeral', 'image',
];

const fileModeErrorMsg = 'must be a number between 0 and 0777 (octal), both inclusive';

const hostPathTypes = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

/** Returns the errors of a path with a ".." element (validatePathNoBacksteps). */
export function validatePathNoBacksteps(target: string, path: string): FieldError[] {
  return target.split('/').includes('..') ? [fieldInvalid(path, target, "must not contain '..'")] : [];
}

/** Returns the errors of a path that must stay inside the volume (validateLocalDescendingPath). */
export function validateLocalDescendingPath(target: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith('/')) errs.push(fieldInvalid(path, target, 'must be a relative path'));
  errs.push(...validatePathNoBacksteps(target, path));
  return errs;
}

/** Returns the errors of a projected file path (ValidateLocalNonReservedPath). */
function validateLocalNonReservedPath(target: string, path: string): FieldError[] {
  const errs = validateLocalDescendingPath(target, path);
  // The ".." element check already caught "../x".
  if (target.startsWith('..') && !target.startsWith('../')) errs.push(fieldInvalid(path, target, "must not start with '..'"));
  return errs;
}

/** Returns the errors of a file mode (defaultMode, items[].mode). */
function validateMode(mode: unknown, path: string): FieldError[] {
  const m = numOpt(mode);
  return m !== undefined && (m > 0o777 || m < 0) ? [fieldInvalid(path, m, fileModeErrorMsg)] : [];
}

/** Returns the errors of items[] of a secret or config map volume (validateKeyToPath). */
function validateItems(items: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(items).forEach((raw, i) => {
    const item = objOr(raw);
    const at = index(path, i);
    if (!str(item.key)) errs.push(fieldRequired(child(at, 'key')));
    if (!str(item.path)) errs.push(fieldRequired(child(at, 'path')));
    errs.push(...validateLocalNonReservedPath(str(item.path), child(at, 'path')));
    errs.push(...validateMode(item.mode, child(at, 'mode')));
  });
  return errs;
}

/** Returns the errors of the one source a volume holds (validateVolumeSource, for the common sources). */
function validateVolumeSource(volume: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let found = 0;
  for (const source of volumeSources) {
    const value = objOf(volume[source]);
    if (!value) continue;
    const at = child(path, source);
    if (found > 0) {
      errs.push(fieldForbidden(at, 'may not specify more than 1 volume type'));
      continue;
    }
    found++;
    switch (source) {
      case 'emptyDir': {
        const limit = typeof value.sizeLimit === 'string' || typeof value.sizeLimit === 'number' ? parseQuantity(String(value.sizeLimit)) : undefined;
        if (limit && typeof limit !== 'string' && isNegative(limit)) {
          errs.push(fieldForbidden(child(at, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity'));
        }
        break;
      }
      case 'hostPath': {
        const p = str(value.path);
        if (!p) {
          errs.push(fieldRequired(child(at, 'path')));
          break;
        }
        errs.push(...validatePathNoBacksteps(p, child(at, 'path')));
        if (typeof value.type === 'string' && !hostPathTypes.includes(value.type)) errs.push(fieldNotSupported(child(at, 'type'), value.type, hostPathTypes));
        break;
      }
      case 'secret':
        if (!str(value.secretName)) errs.push(fieldRequired(child(at, 'secretName')));
        errs.push(...validateMode(value.defaultMode, child(at, 'defaultMode')));
        errs.push(...validateItems(value.items, child(at, 'items')));
        break;
      case 'configMap':
        if (!str(value.name)) errs.push(fieldRequired(child(at, 'name')));
        errs.push(...validateMode(value.defaultMode, child(at, 'defaultMode')));
        errs.push(...validateItems(value.items, child(at, 'items')));
        break;
      case 'persistentVolumeClaim':
        if (!str(value.claimName)) errs.push(fieldRequired(child(at, 'claimName')));
        break;
      case 'nfs':
        if (!str(value.server)) errs.push(fieldRequired(child(at, 'server')));
        if (!str(value.path)) errs.push(fieldRequired(child(at, 'path')));
        else if (!str(value.path).startsWith('/')) errs.push(fieldInvalid(child(at, 'path'), str(value.path), 'must be an absolute path'));
        break;
      case 'csi':
        if (!str(value.driver)) errs.push(fieldRequired(child(at, 'driver')));
        break;
    }
  }
  return errs;
}

/** Returns the volumes by name that mounts may refer to, and the errors of the list (ValidateVolumes). */
export function validateVolumes(volumes: unknown, path: string): { names: Set<string>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  arr(volumes).forEach((raw, i) => {
    const volume = objOr(raw);
    const at = index(path, i);
    const name = str(volume.name);
    const errs = validateVolumeSource(volume, at);
    if (!name) errs.push(fieldRequired(child(at, 'name')));
    else errs.push(...invalidEach(validation.isDNS1123Label(name), child(at, 'name'), name));
    if (names.has(name)) errs.push(fieldDuplicate(child(at, 'name'), name));
    // A volume with errors is not registered, so mounts of it are also reported.
    if (errs.length === 0) names.add(name);
    else errors.push(...errs);
  });
  return { names, errors };
}

/** Returns the errors of a container's volumeMounts (ValidateVolumeMounts). */
export function validateVolumeMounts(mounts: unknown, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  arr(mounts).forEach((raw, i) => {
    const mount = objOr(raw);
    const at = index(path, i);
    const name = str(mount.name);
    const mountPath = str(mount.mountPath);
    if (!name) errs.push(fieldRequired(child(at, 'name')));
    if (!volumes.has(name)) errs.push(fieldNotFound(child(at, 'name'), name));
    if (!mountPath) errs.push(fieldRequired(child(at, 'mountPath')));
    if (mountPoints.has(mountPath)) errs.push(fieldInvalid(child(at, 'mountPath'), mountPath, 'must be unique'));
    mountPoints.add(mountPath);
    // Upstream names the list, not the element, for subPath errors.
    const subPath = str(mount.subPath);
    if (subPath) errs.push(...validateLocalDescendingPath(subPath, child(path, 'subPath')));
    const subPathExpr = str(mount.subPathExpr);
    if (subPathExpr) {
      if (subPath) errs.push(fieldInvalid(child(at, 'subPathExpr'), subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(subPathExpr, child(path, 'subPathExpr')));
    }
  });
  return errs;
}
