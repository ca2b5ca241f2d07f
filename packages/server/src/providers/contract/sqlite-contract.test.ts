import { describeProviderContract } from './provider-contract.js';
import { createSqliteContractTarget } from './test-support/sqlite-contract-target.js';

describeProviderContract('sqlite', createSqliteContractTarget);
