import { describe } from 'vitest';
import { serviceAvailable } from '../../test-support/services.js';
import { describeProviderContract } from './provider-contract.js';
import { createPostgresContractTarget } from './test-support/postgres-contract-target.js';

// Needs the PostgreSQL server (TEXT2X_TEST_POSTGRES_URL, default 127.0.0.1:5432, a superuser that
// may create databases): skipped with the reason printed when none answers, failed under
// TEXT2X_REQUIRE_SERVICES=1.
describe.skipIf(!(await serviceAvailable('postgres')))('PostgreSQL', () => {
  describeProviderContract('postgres', createPostgresContractTarget);
});
