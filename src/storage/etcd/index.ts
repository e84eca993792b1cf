// etcd://HOST:PORT[,HOST:PORT] — etcd for scale.
export { EtcdEngine, type EtcdEngineOptions } from './etcd-engine.ts';
