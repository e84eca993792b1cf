// platform: the management.loft.sh layer and the assembly of a running platform instance.
export { startPlatform, type Platform, type PlatformOptions } from './platform.ts';
export { kubeconfigFor, writePrivateFile, type KubeconfigEntry } from './kubeconfig.ts';
export { createLogger } from './logger.ts';
