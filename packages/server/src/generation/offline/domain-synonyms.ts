/**
 * Business vocabulary that WordNet does not connect: each group lists words people use
 * interchangeably when asking about data. General English, not tied to any schema.
 */
const GROUPS: readonly (readonly string[])[] = [
  ['customer', 'client', 'buyer', 'shopper', 'patron'],
  ['employee', 'staff', 'worker', 'personnel'],
  ['product', 'item', 'article', 'good', 'merchandise'],
  ['order', 'purchase'],
  ['price', 'cost', 'fee', 'charge'],
  ['amount', 'sum', 'value'],
  ['revenue', 'sales', 'income', 'turnover', 'earnings'],
  ['salary', 'wage', 'pay', 'earnings', 'compensation'],
  ['phone', 'telephone', 'cell', 'mobile'],
  ['email', 'mail'],
  ['gender', 'sex'],
  ['birth', 'born', 'birthday'],
  ['nationality', 'citizenship'],
  ['hometown', 'birthplace'],
  ['location', 'place', 'venue'],
  ['rating', 'score', 'stars', 'grade'],
  ['review', 'feedback'],
  ['category', 'type', 'kind', 'class', 'genre'],
  ['quantity', 'qty', 'units'],
  ['country', 'nation'],
  ['city', 'town'],
  ['company', 'firm', 'business', 'enterprise', 'corporation'],
  ['description', 'detail'],
  ['identifier', 'id'],
  ['start', 'begin', 'open'],
  ['end', 'finish', 'close'],
  ['date', 'day', 'time', 'when'],
  ['year', 'annual'],
  ['department', 'division', 'unit'],
  ['address', 'street'],
  ['status', 'state'],
  ['payment', 'transaction'],
  ['method', 'mode', 'way'],
  ['supplier', 'vendor'],
  ['shipment', 'delivery'],
  ['invoice', 'bill'],
  ['manager', 'boss', 'supervisor'],
  ['source', 'origin', 'departure', 'depart', 'departing', 'leave', 'leaving', 'from'],
  ['destination', 'arrival', 'arrive', 'arriving', 'land', 'landing', 'to', 'into'],
];

const map = new Map<string, Set<string>>();
for (const group of GROUPS) {
  for (const word of group) {
    const set = map.get(word) ?? new Set<string>();
    for (const other of group) if (other !== word) set.add(other);
    map.set(word, set);
  }
}

/** Words used interchangeably with `word` in questions about data. */
export function domainSynonyms(word: string): readonly string[] {
  const found = map.get(word);
  return found ? [...found] : [];
}
