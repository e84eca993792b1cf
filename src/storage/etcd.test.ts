import { openStorage } from './index.ts';
import { storageConformance } from './testing/conformance.ts';
import { startEtcd, type EtcdServer } from './testing/etcd-server.ts';

let etcd: EtcdServer | undefined;
let n = 0;

storageConformance({
  name: 'etcd',
  setup: async () => {
    etcd = await startEtcd();
  },
  // Each test gets its own key prefix in the one etcd the suite started.
  open: async () => openStorage(`etcd://${etcd?.hostPort}/t${n++}`),
  teardown: async () => etcd?.stop(),
});
