"""Section 1 of the notebook: create_table, DynamoDBTable and batch_write_items."""
from decimal import Decimal

from boto3.dynamodb.conditions import Attr

from support import ACCOUNT, REGION, check, eq, local_request_counts

ALICE = {'user_id': 'user_001', 'name': 'Alice Smith', 'email': 'alice@example.com', 'age': 30, 'created_at': '2024-01-15T10:00:00Z'}


@check('dynamodb: create_table with a simple key and a composite key, then an existing name')
def create_tables(nb):
    users = nb.create_table(table_name='Users', partition_key='user_id', partition_key_type='S')
    # 'CREATING' as on AWS: the Table resource keeps CreateTable's answer, and boto3's
    # wait_until_exists waits without reloading it; DescribeTable says ACTIVE by then.
    eq(users, {'success': True, 'table_name': 'Users', 'status': 'CREATING', 'arn': f'arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/Users'}, 'create_table(Users)')
    eq(nb.dynamodb_client.describe_table(TableName='Users')['Table']['TableStatus'], 'ACTIVE', 'Users once create_table returned')
    orders = nb.create_table(table_name='UserOrders', partition_key='user_id', partition_key_type='S', sort_key='order_date', sort_key_type='S')
    eq(orders['success'], True, 'create_table(UserOrders) succeeded')
    described = nb.dynamodb_client.describe_table(TableName='UserOrders')['Table']
    eq(described['KeySchema'], [{'AttributeName': 'user_id', 'KeyType': 'HASH'}, {'AttributeName': 'order_date', 'KeyType': 'RANGE'}], 'UserOrders key schema')
    eq(described['BillingModeSummary']['BillingMode'], 'PAY_PER_REQUEST', 'UserOrders billing mode')
    eq(nb.create_table(table_name='Users', partition_key='user_id'), {'success': False, 'error': 'Table already exists'}, 'create_table on an existing name')
    # The Setup cell's client is one of the notebook's too, and reaches the same tables.
    eq(nb.dynamodb_client.list_tables()['TableNames'], ['UserOrders', 'Users'], "the Setup cell's dynamodb_client.list_tables()")


@check('dynamodb: DynamoDBTable put, get, update (floats as Decimal), delete')
def crud(nb):
    users = nb.DynamoDBTable('Users')
    eq(users.put_item({**ALICE, 'score': 9.5}), True, 'put_item')
    eq(users.get_item({'user_id': 'user_001'}), {**ALICE, 'age': Decimal(30), 'score': Decimal('9.5')}, 'get_item after put')
    updated = users.update_item(key={'user_id': 'user_001'}, updates={'age': 31, 'email': 'alice.smith@example.com', 'score': 7.25})
    eq(updated, {**ALICE, 'age': Decimal(31), 'email': 'alice.smith@example.com', 'score': Decimal('7.25')}, 'update_item ALL_NEW')
    # A reserved word as attribute name works because update_item uses #names.
    eq(users.update_item(key={'user_id': 'user_001'}, updates={'status': 'active'})['status'], 'active', 'update_item of the reserved word status')
    eq(users.get_item({'user_id': 'missing'}), None, 'get_item of a missing key')
    eq(users.delete_item({'user_id': 'user_001'}), True, 'delete_item')
    eq(users.get_item({'user_id': 'user_001'}), None, 'get_item after delete')
    # A key of the wrong shape is an error AWS reports; the helper prints it and answers None.
    eq(users.get_item({'id': 'user_001'}), None, 'get_item with a key that is not the table key')


@check('dynamodb: DynamoDBTable.query with eq, between and begins_with on the sort key')
def query(nb):
    orders = nb.DynamoDBTable('UserOrders')
    dates = ['2024-01-05', '2024-01-20', '2024-02-10', '2024-03-31', '2024-04-01']
    for i, date in enumerate(dates):
        orders.put_item({'user_id': 'user_001', 'order_date': date, 'total': 10.5 + i})
    orders.put_item({'user_id': 'user_002', 'order_date': '2024-01-07', 'total': 1})
    everything = orders.query(partition_key_name='user_id', partition_key_value='user_001')
    eq([o['order_date'] for o in everything], dates, 'all orders of user_001, in sort key order')
    eq(everything[0]['total'], Decimal('10.5'), 'a float total read back as Decimal')
    q1 = orders.query('user_id', 'user_001', {'name': 'order_date', 'operator': 'between', 'value': ['2024-01-01', '2024-03-31']})
    eq([o['order_date'] for o in q1], dates[:4], 'between 2024-01-01 and 2024-03-31 (both ends included)')
    jan = orders.query('user_id', 'user_001', {'name': 'order_date', 'operator': 'begins_with', 'value': '2024-01'})
    eq([o['order_date'] for o in jan], dates[:2], 'begins_with 2024-01')
    one = orders.query('user_id', 'user_001', {'name': 'order_date', 'value': '2024-02-10'})
    eq([o['order_date'] for o in one], ['2024-02-10'], 'eq, the default operator')
    eq(orders.query('user_id', 'user_003'), [], 'a partition with no items')
    costly = orders.scan(Attr('total').gte(12))
    eq(sorted(o['order_date'] for o in costly), dates[2:], 'scan with a filter expression')


@check('dynamodb: batch_write_items writes 60 items in batches of 25')
def batch(nb):
    users_data = [{'user_id': f'user_{n}', 'name': f'Batch {n}', 'email': f'user_{n}@example.com'} for n in range(100, 160)]
    eq(nb.batch_write_items('Users', users_data), {'written': 60, 'failed': 0}, 'batch_write_items result')
    stored = nb.DynamoDBTable('Users').scan()
    eq(sorted(item['user_id'] for item in stored), [u['user_id'] for u in users_data], 'items in Users after the batch')
    eq(nb.DynamoDBTable('Users').get_item({'user_id': 'user_142'}), users_data[42], 'one batch item read back')
    # 60 items are three BatchWriteItem calls (25, 25, 10); the local AWS counts the calls it answered.
    eq(local_request_counts().get('dynamodb:BatchWriteItem'), 3, 'BatchWriteItem calls')
