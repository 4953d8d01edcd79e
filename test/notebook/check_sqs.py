"""Section 3 of the notebook: create_sqs_queue and SQSQueue."""
import json

from botocore.exceptions import ClientError

from support import ACCOUNT, ENDPOINT, check, client, eq, error_code, queue_counts, raises

ORDER = json.dumps({'task': 'process_order', 'order_id': '12345'})


@check('sqs: create_sqs_queue, standard and FIFO, with its attributes')
def create_queues(nb):
    url = nb.create_sqs_queue('my-queue')
    eq(url, f'{ENDPOINT}/{ACCOUNT}/my-queue', 'standard queue URL')
    attrs = nb.SQSQueue(queue_url=url).get_queue_attributes()
    eq((attrs['VisibilityTimeout'], attrs['MessageRetentionPeriod'], attrs['QueueArn']), ('30', '345600', f'arn:aws:sqs:us-east-1:{ACCOUNT}:my-queue'), 'standard queue attributes')
    eq(nb.create_sqs_queue('my-queue'), url, 'creating it again with the same attributes answers the same URL')
    err = raises(lambda: nb.create_sqs_queue('my-queue', visibility_timeout=60), ClientError, 'same name, other attributes')
    eq(error_code(err), 'QueueAlreadyExists', 'its error code')
    fifo = nb.create_sqs_queue('jobs', fifo=True, visibility_timeout=45, message_retention=86400)
    eq(fifo, f'{ENDPOINT}/{ACCOUNT}/jobs.fifo', 'FIFO queue URL (.fifo added)')
    attrs = nb.SQSQueue(queue_url=fifo).get_queue_attributes()
    eq({k: attrs[k] for k in ('FifoQueue', 'ContentBasedDeduplication', 'VisibilityTimeout', 'MessageRetentionPeriod')},
       {'FifoQueue': 'true', 'ContentBasedDeduplication': 'true', 'VisibilityTimeout': '45', 'MessageRetentionPeriod': '86400'}, 'FIFO queue attributes')


@check('sqs: SQSQueue by name sends with attributes, receives, deletes')
def send_receive_delete(nb):
    queue = nb.SQSQueue(queue_name='my-queue')
    eq(queue.queue_url, f'{ENDPOINT}/{ACCOUNT}/my-queue', 'URL looked up by name')
    message_id = queue.send_message(message_body=ORDER, attributes={'priority': 'high', 'source': 'web'})
    messages = queue.receive_messages(max_messages=5, wait_time=10)
    eq(len(messages), 1, 'messages received')
    got = messages[0]
    eq((got['message_id'], got['body'], json.loads(got['body'])['order_id']), (message_id, ORDER, '12345'), 'the message')
    eq(got['attributes'], {'priority': {'StringValue': 'high', 'DataType': 'String'}, 'source': {'StringValue': 'web', 'DataType': 'String'}}, 'its attributes')
    eq(queue_counts(queue.queue_url), ('0', '1', '0'), 'counts while it is in flight')
    eq(queue.delete_message(got['receipt_handle']), True, 'delete_message')
    eq(queue_counts(queue.queue_url), ('0', '0', '0'), 'counts after delete')
    eq(queue.receive_messages(wait_time=1), [], 'an empty queue after a 1 s long poll')
    eq(queue.delete_message('not-a-receipt-handle'), False, 'delete_message with a receipt handle SQS never issued')


@check('sqs: SQSQueue visibility timeout hides a message and SQS delivers it again')
def visibility(nb):
    queue = nb.SQSQueue(queue_name='my-queue')
    message_id = queue.send_message('retry me')
    first = queue.receive_messages(max_messages=1, wait_time=5, visibility_timeout=1)
    eq([m['message_id'] for m in first], [message_id], 'first receive')
    eq(queue.receive_messages(wait_time=0), [], 'hidden right after')
    again = queue.receive_messages(max_messages=1, wait_time=10)
    eq([m['message_id'] for m in again], [message_id], 'delivered again once the 1 s timeout passed')
    eq(first[0]['receipt_handle'] != again[0]['receipt_handle'], True, 'a new receipt handle for the new receive')
    # AWS answers success for a receipt handle of an earlier receive too (the message "might not be
    # deleted", says its DeleteMessage reference); the latest one deletes it for sure.
    eq(queue.delete_message(first[0]['receipt_handle']), True, 'delete_message with the earlier receipt handle')
    eq(queue.delete_message(again[0]['receipt_handle']), True, 'delete_message with the latest one')
    eq(queue_counts(queue.queue_url), ('0', '0', '0'), 'counts after delete')


@check('sqs: SQSQueue lookup errors: no name or URL, a missing queue')
def lookup_errors(nb):
    err = raises(lambda: nb.SQSQueue(), ValueError, 'SQSQueue()')
    eq(str(err), 'Either queue_url or queue_name required', 'its message')
    err = raises(lambda: nb.SQSQueue(queue_name='missing'), ClientError, 'SQSQueue(queue_name=missing)')
    eq(error_code(err), 'AWS.SimpleQueueService.NonExistentQueue', 'its error code')


@check('sqs: FIFO queue: SQSQueue.send_message lacks MessageGroupId (as on AWS); ordered and deduplicated with it')
def fifo(nb):
    url = nb.create_sqs_queue('jobs', fifo=True, visibility_timeout=45, message_retention=86400)
    queue = nb.SQSQueue(queue_url=url)
    # The notebook's helper cannot send to a FIFO queue: AWS requires MessageGroupId.
    err = raises(lambda: queue.send_message('step 1'), ClientError, 'send_message to a FIFO queue without a group')
    eq(error_code(err), 'MissingParameter', 'its error code')
    sqs = client('sqs')
    sent = [sqs.send_message(QueueUrl=url, MessageBody=body, MessageGroupId='order-12345') for body in ('step 1', 'step 2', 'step 3', 'step 1')]
    eq(sent[3]['MessageId'], sent[0]['MessageId'], 'content-based deduplication answers the first id')
    received = queue.receive_messages(max_messages=10, wait_time=1)
    eq([m['body'] for m in received], ['step 1', 'step 2', 'step 3'], 'bodies in order, the duplicate dropped')
    for message in received:
        queue.delete_message(message['receipt_handle'])
    eq(queue_counts(url), ('0', '0', '0'), 'counts after deleting them')
