import { QueryParams } from '../../src/local/sns/query';

describe('QueryParams (local SNS query protocol)', () => {
  const params = QueryParams.parse(
    [
      'Action=PublishBatch',
      'PublishBatchRequestEntries.member.10.Id=ten',
      'PublishBatchRequestEntries.member.2.Id=two',
      'PublishBatchRequestEntries.member.2.Message=hello',
      'PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Name=color',
      'PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value.DataType=String',
      'PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value.StringValue=red',
      'PublishBatchRequestEntries.member.9.Id=nine',
      'PublishBatchRequestEntries.member.0.Id=zero-is-no-index',
      'PublishBatchRequestEntries.member.x.Id=not-an-index',
      'Other.member.1.Id=elsewhere',
    ].join('&'),
  );

  it('gives the members of a list in index order (10 after 9), each with only its own parameters', () => {
    const entries = params.structs('PublishBatchRequestEntries');
    expect(entries.map((e) => e.get('Id'))).toEqual(['two', 'nine', 'ten']);
    expect(entries[0]!.get('Message')).toBe('hello');
    expect(entries[1]!.get('Message')).toBeUndefined();
  });

  it('reads nested lists and maps inside a member', () => {
    const [two] = params.structs('PublishBatchRequestEntries');
    const [attribute] = two!.structs('MessageAttributes', 'entry');
    expect([attribute!.get('Name'), attribute!.view('Value.').get('DataType'), attribute!.get('Value.StringValue')]).toEqual(['color', 'String', 'red']);
  });

  it('keeps a member that has a value but no parameters of its own, as an empty view', () => {
    const list = QueryParams.parse('TagKeys.member.1=a&TagKeys.member.2=b');
    expect(list.structs('TagKeys').map((m) => m.get('anything'))).toEqual([undefined, undefined]);
    expect(list.strings('TagKeys')).toEqual(['a', 'b']);
  });
});
