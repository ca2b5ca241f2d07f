import { describeProviderContract } from './provider-contract.js';
import { createDuckdbContractTarget } from './test-support/duckdb-contract-target.js';

describeProviderContract('duckdb', createDuckdbContractTarget);
