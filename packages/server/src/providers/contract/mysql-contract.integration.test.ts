import { describe } from 'vitest';
import { serviceAvailable } from '../../test-support/services.js';
import { describeProviderContract } from './provider-contract.js';
import { createMysqlContractTarget } from './test-support/mysql-contract-target.js';

// Needs the MariaDB/MySQL server (TEXT2X_TEST_MYSQL_URL, default root@127.0.0.1:3306, an account
// that may create databases): skipped with the reason printed when none answers, failed under
// TEXT2X_REQUIRE_SERVICES=1.
describe.skipIf(!(await serviceAvailable('mariadb')))('MariaDB', () => {
  describeProviderContract('mysql', createMysqlContractTarget);
});
