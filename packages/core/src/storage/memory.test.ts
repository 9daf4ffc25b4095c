import { storageContract } from '../testing/storage-contract.ts';
import { memoryStorage } from './memory.ts';

storageContract({ name: 'memoryStorage', create: () => memoryStorage() });
