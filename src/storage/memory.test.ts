import { openStorage } from './index.ts';
import { storageConformance } from './testing/conformance.ts';

storageConformance({ name: 'memory', open: async () => openStorage('memory://') });
