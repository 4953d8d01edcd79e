import { compileFilterPolicy, filterPolicyError, matchesFilterPolicy, type FilterPolicyScope } from '../../src/lib/filter-policy';

const attrs = (values: Record<string, string | [type: string, value: string]>) => ({
  attributes: Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? { Type: v[0], Value: v[1] } : { Type: 'String', Value: v }]),
  ),
});
const matches = (policy: unknown, message: Parameters<typeof matchesFilterPolicy>[1], scope: FilterPolicyScope = 'MessageAttributes') =>
  matchesFilterPolicy(compileFilterPolicy(policy, scope), message);

describe('filter policy errors carry AWS messages', () => {
  it.each([
    [{ a: [], b: ['x'] }, 'Invalid parameter: FilterPolicy: Empty arrays are not allowed'],
    [{ k1: ['a'], k2: ['a'], k3: ['a'], k4: ['a'], k5: ['a'], k6: ['a'] }, 'Invalid parameter: FilterPolicy: Filter policy can not have more than 5 keys'],
    [{ a: Array.from({ length: 151 }, (_, i) => `v${i}`) }, 'Invalid parameter: FilterPolicy: Filter policy is too complex'],
    [{ a: { b: ['x'] } }, 'Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy'],
    [{ a: 'x' }, 'Invalid parameter: FilterPolicy: "a" must be an object or an array'],
    [{ key: { suffix: 'value' } }, 'Invalid parameter: FilterPolicy: "suffix" must be an object or an array'],
    [{ a: [{ numeric: ['>', 150, '<', 0] }] }, 'Invalid parameter: FilterPolicy: Bottom must be less than top'],
    [{ a: [{ numeric: ['!=', 5] }] }, 'Invalid parameter: FilterPolicy: Unrecognized numeric range operator: !='],
    [{ a: [{ numeric: ['=', '5'] }] }, 'Invalid parameter: FilterPolicy: Value of equals must be numeric'],
    [{ a: [{ numeric: ['<', 5, '>', 1] }] }, 'Invalid parameter: FilterPolicy: Too many elements in numeric expression'],
    [{ a: [{ numeric: ['>=', 1, '>', 2] }] }, 'Invalid parameter: FilterPolicy: Bad numeric range operator: >'],
    [{ a: [{ numeric: ['>', 20, 30] }] }, 'Invalid parameter: FilterPolicy: Bad value in numeric range: 30'],
    [{ a: [{ numeric: ['>', 20, '<', 30, '<', 50] }] }, 'Invalid parameter: FilterPolicy: Too many terms in numeric range expression'],
    [{ a: [{ numeric: [] }] }, 'Invalid parameter: FilterPolicy: Invalid member in numeric match: ]'],
    [{ a: [{ numeric: [1, '<='] }] }, 'Invalid parameter: FilterPolicy: Invalid member in numeric match: 1'],
    [{ a: [{ 'anything-but': { 'wrong-operator': null } }] }, 'Invalid parameter: FilterPolicy: Unsupported anything-but pattern: wrong-operator'],
    [{ a: [{ cidr: '10.0.0.0/x' }] }, 'Invalid parameter: FilterPolicy: Malformed CIDR, mask bits must be an integer'],
    [{ a: [{ cidr: 'bad/8' }] }, 'Invalid parameter: FilterPolicy: Nonstandard IP address: bad'],
    [{ a: [{ numeric: ['>', 2e9] }] }, 'Invalid parameter: FilterPolicy: Value of > must be between -1000000000 and 1000000000'],
    [{ a: [{ exists: 'yes' }] }, 'Invalid parameter: FilterPolicy: exists match pattern must be either true or false.'],
    [{ a: [{ contains: 'x' }] }, 'Invalid parameter: FilterPolicy: Unrecognized match type contains'],
    [{ a: [{ prefix: 'a', suffix: 'z' }] }, 'Invalid parameter: FilterPolicy: Only one key allowed in match expression'],
    [{ a: [{ cidr: '10.0.0.1' }] }, "Invalid parameter: FilterPolicy: Malformed CIDR, one '/' required"],
    [{ a: [{ cidr: '10.0.0.0/33' }] }, 'Invalid parameter: FilterPolicy: Malformed CIDR, mask bits must be between 0 and 32'],
    [{ a: [{ 'anything-but': [true] }] }, 'Invalid parameter: FilterPolicy: Inside anything but list, start|null|boolean is not supported.'],
    [{ a: [['x']] }, 'Invalid parameter: FilterPolicy: Match value must be String, number, true, false, or null'],
  ])('%j', (policy, message) => {
    expect(filterPolicyError(policy)).toBe(message);
  });

  it('refuses text that is not a JSON object', () => {
    expect(filterPolicyError('{"a": [')).toMatch(/^Invalid parameter: FilterPolicy: failed to parse JSON\. /);
    expect(filterPolicyError('["a"]')).toBe('Invalid parameter: FilterPolicy: Filter policy must be a JSON object');
    expect(filterPolicyError('{"a": ["x"]}')).toBeUndefined();
  });

  it('counts nested leaves by depth and $or branches by sum', () => {
    // 3 values at depth 2 = 6 combinations; times (2 + 2) for the $or branches = 24
    expect(filterPolicyError({ a: { b: ['1', '2', '3'] }, $or: [{ c: ['x', 'y'] }, { d: ['x', 'y'] }] }, 'MessageBody')).toBeUndefined();
    // 25 values at depth 3 = 75 combinations, times 2 = 150: allowed; one more value is 156
    const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    expect(filterPolicyError({ a: { b: { c: values(25) } }, e: ['1', '2'] }, 'MessageBody')).toBeUndefined();
    expect(filterPolicyError({ a: { b: { c: values(26) } }, e: ['1', '2'] }, 'MessageBody')).toBe('Invalid parameter: FilterPolicy: Filter policy is too complex');
  });
});

describe('filter policy matching edges', () => {
  it('matches numbers with five decimal places of precision', () => {
    expect(matches({ p: [{ numeric: ['=', 1.000001] }] }, attrs({ p: ['Number', '1'] }))).toBe(true);
    expect(matches({ p: [{ numeric: ['=', 1.00001] }] }, attrs({ p: ['Number', '1'] }))).toBe(false);
    expect(matches({ p: [100] }, attrs({ p: ['Number', '1e2'] }))).toBe(true);
    expect(matches({ p: [100] }, attrs({ p: 'text-100' }))).toBe(false);
  });

  it('does not match numbers beyond ±1e9 with numeric ranges', () => {
    expect(matches({ p: [{ numeric: ['>', 0] }] }, attrs({ p: ['Number', '2000000000'] }))).toBe(false);
    expect(matches({ p: [{ numeric: ['>', 0] }] }, attrs({ p: ['Number', '1000000000'] }))).toBe(true);
  });

  it('does not numerically match a String attribute holding digits', () => {
    expect(matches({ p: [{ numeric: ['>', 0] }] }, attrs({ p: '5' }))).toBe(false);
  });

  it('matches IPv6 networks and refuses other families', () => {
    const policy = { ip: [{ cidr: '2001:db8::/32' }] };
    expect(matches(policy, attrs({ ip: '2001:db8:ffff::1' }))).toBe(true);
    expect(matches(policy, attrs({ ip: '2001:db9::1' }))).toBe(false);
    expect(matches(policy, attrs({ ip: '10.0.0.1' }))).toBe(false);
    expect(matches({ ip: [{ cidr: '::ffff:10.0.0.0/120' }] }, attrs({ ip: '::ffff:10.0.0.7' }))).toBe(true);
  });

  it('supports wildcards with escapes', () => {
    expect(matches({ f: [{ wildcard: 'dir/*.png' }] }, attrs({ f: 'dir/a/b.png' }))).toBe(true);
    expect(matches({ f: [{ wildcard: 'a\\*b' }] }, attrs({ f: 'a*b' }))).toBe(true);
    expect(matches({ f: [{ wildcard: 'a\\*b' }] }, attrs({ f: 'axxb' }))).toBe(false);
    expect(filterPolicyError({ f: [{ wildcard: 'a**' }] })).toBe('Invalid parameter: FilterPolicy: Consecutive wildcard characters at pos 2');
  });

  it('supports prefix and suffix ignoring case, and anything-but of several kinds', () => {
    expect(matches({ e: [{ prefix: { 'equals-ignore-case': 'ORDER-' } }] }, attrs({ e: 'order-1' }))).toBe(true);
    expect(matches({ e: [{ suffix: { 'equals-ignore-case': '.PNG' } }] }, attrs({ e: 'a.png' }))).toBe(true);
    expect(matches({ e: [{ 'anything-but': { 'equals-ignore-case': ['RED', 'blue'] } }] }, attrs({ e: 'Red' }))).toBe(false);
    expect(matches({ e: [{ 'anything-but': { 'equals-ignore-case': ['RED', 'blue'] } }] }, attrs({ e: 'green' }))).toBe(true);
    expect(matches({ e: [{ 'anything-but': { wildcard: 'tmp-*' } }] }, attrs({ e: 'tmp-1' }))).toBe(false);
    expect(matches({ e: [{ 'anything-but': 'x' }] }, attrs({ e: 'y' }))).toBe(true);
  });

  it('accepts SDK-shaped attributes and ignores Binary ones', () => {
    const message = { attributes: { k: { DataType: 'String', StringValue: 'v' }, b: { DataType: 'Binary', BinaryValue: Buffer.from('x') } } };
    expect(matches({ k: ['v'] }, message)).toBe(true);
    expect(matches({ b: [{ exists: false }] }, message)).toBe(true);
  });

  it('matches String.Array elements of every JSON type', () => {
    expect(matches({ k: [true] }, attrs({ k: ['String.Array', '[1, true, null]'] }))).toBe(true);
    expect(matches({ k: [null] }, attrs({ k: ['String.Array', '[1, true, null]'] }))).toBe(true);
    expect(matches({ k: [{ numeric: ['<', 2] }] }, attrs({ k: ['String.Array', '[1, "x"]'] }))).toBe(true);
  });

  it('never matches a body that is not a JSON object', () => {
    const policy = compileFilterPolicy({ a: [{ exists: false }] }, 'MessageBody');
    expect(matchesFilterPolicy(policy, { body: 'plain text' })).toBe(false);
    expect(matchesFilterPolicy(policy, { body: '[1]' })).toBe(false);
    expect(matchesFilterPolicy(policy, { body: '{"b": 1}' })).toBe(true);
  });

  it('treats $or with one branch as a plain key', () => {
    expect(filterPolicyError({ $or: [{ a: ['x'] }] })).toBe('Invalid parameter: FilterPolicy: Unrecognized match type a');
  });
});

describe('filter policies nested beyond the combination limit', () => {
  const nested = (levels: number, leaf: unknown = ['x']) => {
    let policy = leaf;
    for (let i = 0; i < levels; i++) policy = { a: policy };
    return policy;
  };
  const orChain = (levels: number) => {
    let policy: unknown = { a: ['x'] };
    for (let i = 0; i < levels; i++) policy = { $or: [{ b: ['y'] }, policy] };
    return policy;
  };

  it('are too complex, however deep, and refused without exhausting the stack', () => {
    expect(filterPolicyError(nested(10_000), 'MessageBody')).toBe('Invalid parameter: FilterPolicy: Filter policy is too complex');
    expect(filterPolicyError(`${'{"a":'.repeat(10_000)}["x"]${'}'.repeat(10_000)}`, 'MessageBody')).toBe('Invalid parameter: FilterPolicy: Filter policy is too complex');
    expect(filterPolicyError(orChain(10_000))).toBe('Invalid parameter: FilterPolicy: Filter policy is too complex');
    expect(filterPolicyError(nested(10_000))).toBe('Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy');
  });

  it('are counted as before up to the limit: a leaf 150 levels down is 150 combinations', () => {
    expect(filterPolicyError(nested(150), 'MessageBody')).toBeUndefined();
    expect(filterPolicyError(nested(151), 'MessageBody')).toBe('Invalid parameter: FilterPolicy: Filter policy is too complex');
    expect(filterPolicyError(orChain(149))).toBeUndefined();
    expect(filterPolicyError(orChain(150))).toBe('Invalid parameter: FilterPolicy: Filter policy is too complex');
    expect(matches(nested(150), { body: JSON.stringify(nested(150, 'x')) }, 'MessageBody')).toBe(true);
  });
});
