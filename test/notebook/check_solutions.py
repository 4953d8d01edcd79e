"""The exercises' solutions: UserRepository (1), MessageProcessor (2) and EventBus (3);
LambdaInvoker (4) is checked with the other Lambda helpers."""
import contextlib
import io
import json
import re
import threading
from decimal import Decimal

from support import ACCOUNT, ENDPOINT, check, client, eq, queue_arn, queue_counts, raises


@check('solution 1: UserRepository create, get, update, find_by_email, delete, with its validation')
def user_repository(nb):
    repo = nb.repo  # the solution's own `repo = UserRepository('Users')`, on the table create_table made
    alice = nb.User(user_id='user_001', email='alice@example.com', name='Alice Smith', age=30)
    eq(repo.create(alice), True, 'create')
    eq(re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}', alice.created_at) is not None, True, f'created_at set: {alice.created_at}')
    eq(repo.get('user_001'), nb.User('user_001', 'alice@example.com', 'Alice Smith', Decimal(30), alice.created_at), 'get')
    eq(str(raises(lambda: repo.create(alice), ValueError, 'create twice')), 'User user_001 already exists', 'the conditional put refused')
    bad = nb.User(user_id='u1', email='not-an-email', name='', age=200)
    eq(str(raises(lambda: repo.create(bad), ValueError, 'create invalid')),
       'Validation errors: user_id must be at least 3 characters, Invalid email format, Name is required, Age must be between 0 and 150', 'validation')
    updated = repo.update('user_001', age=31, name='Alice Johnson')
    eq(updated, nb.User('user_001', 'alice@example.com', 'Alice Johnson', Decimal(31), alice.created_at), 'update')
    eq(repo.update('user_404', name='Nobody'), None, 'update of a missing user')
    eq(str(raises(lambda: repo.update('user_001', email='bad'), ValueError, 'update with a bad email')), 'Invalid email format', 'its message')
    eq(repo.find_by_email('alice@example.com'), updated, 'find_by_email (a scan among the batch users)')
    eq(repo.find_by_email('nobody@example.com'), None, 'find_by_email of an unknown address')
    eq(repo.delete('user_001'), True, 'delete')
    eq(repo.delete('user_001'), False, 'delete again')
    eq(repo.get('user_001'), None, 'get after delete')


def order_queue(nb, name, bodies):
    url = nb.create_sqs_queue(name)
    sqs = client('sqs')
    return url, [sqs.send_message(QueueUrl=url, MessageBody=body)['MessageId'] for body in bodies]


@check("solution 2: MessageProcessor processes 25 messages with the notebook's order_handler")
def message_processor(nb):
    orders = [json.dumps({'order_id': f'o-{n}'}) for n in range(20)]
    url, _ = order_queue(nb, 'order-queue', orders + ['{"note": "no order id"}'] * 3 + ['not json', 'also not json'])
    processor = nb.MessageProcessor('order-queue')
    eq(processor.queue_url, url, 'queue URL looked up by name')
    totals = {'received': 0, 'processed': 0, 'failed': 0}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for _ in range(10):
            results = processor.process_messages(nb.order_handler, max_messages=10, poll_interval=2, visibility_timeout=60)
            eq(results['errors'], [], 'errors of a batch')
            totals = {k: totals[k] + results[k] for k in totals}
            if totals['received'] >= 25:
                break
    eq(totals, {'received': 25, 'processed': 20, 'failed': 5}, 'totals')
    eq(sorted(printed.getvalue().splitlines()), sorted(f'Processing order: o-{n}' for n in range(20)), "order_handler's output")
    # Processed messages were deleted; failed ones stay hidden until their visibility timeout.
    eq(queue_counts(url), ('0', '5', '0'), 'queue counts after processing')


@check('solution 2: MessageProcessor reports handler exceptions per message')
def message_processor_errors(nb):
    _, ids = order_queue(nb, 'order-queue-errors', ['{"order_id": "x"}', '{"order_id": "y"}'])

    def broken(_data):
        raise RuntimeError('handler broke')
    results = nb.MessageProcessor('order-queue-errors').process_messages(broken, poll_interval=2)
    eq((results['received'], results['processed'], results['failed']), (2, 0, 2), 'counts')
    eq(sorted(results['errors'], key=lambda e: e['message_id']), sorted(({'message_id': i, 'error': 'handler broke'} for i in ids), key=lambda e: e['message_id']), 'errors')


@check('solution 2: MessageProcessor.run_forever until the handler calls stop()')
def message_processor_forever(nb):
    url, _ = order_queue(nb, 'order-queue-forever', [json.dumps({'order_id': f'f-{n}'}) for n in range(3)])
    processor = nb.MessageProcessor('order-queue-forever')
    seen = []

    def handler(data):
        seen.append(data['order_id'])
        if len(seen) == 3:
            processor.stop()
        return True
    worker = threading.Thread(target=processor.run_forever, args=(handler,), daemon=True)
    worker.start()
    worker.join(timeout=30)
    eq(worker.is_alive(), False, 'run_forever returned after stop()')
    eq(sorted(seen), ['f-0', 'f-1', 'f-2'], 'orders handled')
    eq(queue_counts(url), ('0', '0', '0'), 'queue counts after')


def receive_all(bus, queue_url, count):
    """Events of a subscriber queue, acknowledged, once `count` arrived (receive_events long-polls 5 s)."""
    events = []
    for _ in range(count):
        for event in bus.receive_events(queue_url):
            bus.acknowledge_event(queue_url, event.pop('receipt_handle'))
            events.append(event)
        if len(events) >= count:
            break
    return sorted(events, key=lambda e: e['event_type'])


@check('solution 3: EventBus subscribers with filters each receive their event types')
def event_bus(nb):
    bus = nb.EventBus('orders')
    eq(bus.topic_arn, f'arn:aws:sns:us-east-1:{ACCOUNT}:orders-events', 'topic ARN')
    email_sub = bus.subscribe('email-service', ['order.created', 'order.shipped'])
    inventory_sub = bus.subscribe('inventory-service', ['order.created'])
    analytics_sub = bus.subscribe('analytics-service')
    url = f'{ENDPOINT}/{ACCOUNT}/orders-email-service-queue'
    eq({k: email_sub[k] for k in ('queue_url', 'queue_arn')}, {'queue_url': url, 'queue_arn': queue_arn(url)}, 'email-service subscription')
    sns = client('sns')
    eq(sns.get_subscription_attributes(SubscriptionArn=email_sub['subscription_arn'])['Attributes']['FilterPolicy'],
       json.dumps({'event_type': ['order.created', 'order.shipped']}), 'its filter policy')
    policy = json.loads(client('sqs').get_queue_attributes(QueueUrl=url, AttributeNames=['Policy'])['Attributes']['Policy'])
    eq(policy['Statement'][0]['Condition'], {'ArnEquals': {'aws:SourceArn': bus.topic_arn}}, 'the queue policy it set')
    created = {'order_id': '12345', 'customer': 'alice@example.com', 'items': [{'sku': 'ABC123', 'qty': 2}]}
    ids = [bus.publish('order.created', created), bus.publish('order.shipped', {'order_id': '12345'}), bus.publish('order.cancelled', {'order_id': '999'})]
    eq(len(set(ids)), 3, 'three message ids')
    email = receive_all(bus, email_sub['queue_url'], 2)
    eq([e['event_type'] for e in email], ['order.created', 'order.shipped'], 'email-service events')
    eq(email[0]['data'], created, 'the order.created data')
    inventory = receive_all(bus, inventory_sub['queue_url'], 1)
    eq([(e['event_type'], e['data']) for e in inventory], [('order.created', created)], 'inventory-service events')
    analytics = receive_all(bus, analytics_sub['queue_url'], 3)
    eq([e['event_type'] for e in analytics], ['order.cancelled', 'order.created', 'order.shipped'], 'analytics-service events (no filter)')
    eq(len({e['event_id'] for e in analytics}), 3, 'distinct event ids')
    # Acknowledged, and the filters kept every other event out.
    for sub in (email_sub, inventory_sub, analytics_sub):
        eq(queue_counts(sub['queue_url']), ('0', '0', '0'), f'{sub["queue_url"]} after acknowledging')
