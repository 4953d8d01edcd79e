"""Section 4 of the notebook: SNSTopic, and the fan-out pattern it draws (one topic, three queues
and a Lambda function). On AWS a topic reaches a queue only when the queue's policy allows it, and
a function only when the function's policy does; SNSTopic's subscribe_sqs/subscribe_lambda leave
that to the reader, so the driver grants both first, as the reader would on AWS."""
import json
import re
import urllib.request

from support import (ACCOUNT, ENDPOINT, REGION, STATE, allow_topic, allow_topic_to_invoke, check, client, eq,
                     forwarded, forwarder, outbox_emails, queue_arn, queue_counts, raises, take)

ORDER = json.dumps({'event': 'order_placed', 'order_id': '12345', 'amount': 99.99})
UUID = r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'


def topic_arn(name):
    return f'arn:aws:sns:{REGION}:{ACCOUNT}:{name}'


def is_subscription_of(arn, topic):
    return re.fullmatch(re.escape(topic) + ':' + UUID, arn) is not None


@check('sns: SNSTopic by name (created once), by ARN, and neither')
def topics(nb):
    topic = nb.SNSTopic(topic_name='order-notifications')
    eq(topic.topic_arn, topic_arn('order-notifications'), 'topic ARN')
    eq(nb.SNSTopic(topic_name='order-notifications').topic_arn, topic.topic_arn, 'the same name answers the same topic')
    eq(nb.SNSTopic(topic_arn=topic.topic_arn).topic_arn, topic.topic_arn, 'by ARN')
    eq(str(raises(lambda: nb.SNSTopic(), ValueError, 'SNSTopic()')), 'Either topic_arn or topic_name required', 'its message')
    eq([t['TopicArn'] for t in client('sns').list_topics()['Topics']], [topic.topic_arn], 'topics listed')


@check('sns: SNSTopic subscribes email, SQS and Lambda; list_subscriptions; the email confirmed by its link')
def subscribe(nb):
    topic = nb.SNSTopic(topic_name='order-notifications')
    queue_url = nb.create_sqs_queue('order-queue-notified')
    allow_topic(queue_url, topic.topic_arn)
    function, _ = forwarder()
    allow_topic_to_invoke('notebook-forwarder', topic.topic_arn, 'order-notifications')
    eq(topic.subscribe_email('admin@example.com'), 'pending confirmation', 'subscribe_email before confirmation')
    sqs_sub = topic.subscribe_sqs(queue_arn(queue_url))
    lambda_sub = topic.subscribe_lambda(function)
    eq((is_subscription_of(sqs_sub, topic.topic_arn), is_subscription_of(lambda_sub, topic.topic_arn)), (True, True), f'subscription ARNs {sqs_sub}, {lambda_sub}')
    listed = sorted(topic.list_subscriptions(), key=lambda s: s['protocol'])
    eq(listed, [
        {'arn': 'PendingConfirmation', 'protocol': 'email', 'endpoint': 'admin@example.com'},
        {'arn': lambda_sub, 'protocol': 'lambda', 'endpoint': function},
        {'arn': sqs_sub, 'protocol': 'sqs', 'endpoint': queue_arn(queue_url)},
    ], 'list_subscriptions')
    # The local SNS has no mail server: the confirmation is an .eml file whose link confirms.
    [email] = outbox_emails('admin@example.com', 'AWS Notification - Subscription Confirmation')
    link = next(line for line in email.split('\r\n') if line.startswith(f'{ENDPOINT}/?Action=ConfirmSubscription'))
    with urllib.request.urlopen(link) as response:
        eq(response.status, 200, 'opening the confirmation link')
    email_sub = next(s['arn'] for s in topic.list_subscriptions() if s['protocol'] == 'email')
    eq(is_subscription_of(email_sub, topic.topic_arn), True, f'the email subscription once confirmed: {email_sub}')
    STATE['notified'] = (queue_url, sqs_sub, lambda_sub, email_sub)


@check('sns: SNSTopic.publish with subject and attributes reaches the queue, the function and the email')
def publish(nb):
    topic = nb.SNSTopic(topic_name='order-notifications')
    queue_url, sqs_sub, lambda_sub, email_sub = STATE['notified']
    message_id = nb.SNSTopic(topic_arn=topic.topic_arn).publish(message=ORDER, subject='New Order Received', attributes={'priority': 'high'})
    eq(re.fullmatch(UUID, message_id) is not None, True, f'message id {message_id}')
    [delivered] = take(queue_url, 1)
    envelope = json.loads(delivered['Body'])
    eq({k: envelope[k] for k in ('Type', 'MessageId', 'TopicArn', 'Subject', 'Message', 'MessageAttributes')},
       {'Type': 'Notification', 'MessageId': message_id, 'TopicArn': topic.topic_arn, 'Subject': 'New Order Received', 'Message': ORDER,
        'MessageAttributes': {'priority': {'Type': 'String', 'Value': 'high'}}}, 'the SNS envelope in the queue')
    eq(envelope['UnsubscribeURL'], f'{ENDPOINT}/?Action=Unsubscribe&SubscriptionArn={sqs_sub}', 'its UnsubscribeURL')
    [event] = forwarded(1)
    record = event['Records'][0]
    eq((record['EventSource'], record['EventSubscriptionArn']), ('aws:sns', lambda_sub), 'the Lambda event record')
    eq({k: record['Sns'][k] for k in ('MessageId', 'TopicArn', 'Subject', 'Message', 'MessageAttributes')},
       {'MessageId': message_id, 'TopicArn': topic.topic_arn, 'Subject': 'New Order Received', 'Message': ORDER,
        'MessageAttributes': {'priority': {'Type': 'String', 'Value': 'high'}}}, 'the Sns part of the event')
    [email] = outbox_emails('admin@example.com', 'New Order Received')
    eq(email.split('\r\n\r\n', 1)[1].split('\r\n')[0], ORDER, 'the email body starts with the message')
    eq(f'{ENDPOINT}/?Action=Unsubscribe&SubscriptionArn={email_sub}' in email, True, 'the email carries its unsubscribe link')


@check('sns: fan-out: one publish reaches three queues and a Lambda function once each')
def fan_out(nb):
    topic = nb.SNSTopic(topic_name='order-events')
    queues = [nb.create_sqs_queue(name) for name in ('order-processing', 'inventory-update', 'email-notifications')]
    for url in queues:
        allow_topic(url, topic.topic_arn)
        topic.subscribe_sqs(queue_arn(url))
    function, _ = forwarder()
    allow_topic_to_invoke('notebook-forwarder', topic.topic_arn, 'order-events')
    topic.subscribe_lambda(function)
    eq(sorted(s['protocol'] for s in topic.list_subscriptions()), ['lambda', 'sqs', 'sqs', 'sqs'], 'subscriptions of the topic')
    message_id = topic.publish(message=ORDER)
    for url in queues:
        [delivered] = take(url, 1)
        eq((json.loads(delivered['Body'])['MessageId'], json.loads(delivered['Body'])['Message']), (message_id, ORDER), f'the message in {url}')
        eq(queue_counts(url), ('0', '0', '0'), f'nothing else in {url}')
    [event] = forwarded(1)
    eq((event['Records'][0]['Sns']['MessageId'], event['Records'][0]['Sns']['Subject']), (message_id, None), 'the function got it (no subject: null, as AWS)')


@check('sns: SNSTopic.list_subscriptions follows NextToken past 100 subscriptions')
def many_subscriptions(nb):
    topic = nb.SNSTopic(topic_name='busy-topic')
    # SNS takes a queue ARN at Subscribe without looking the queue up; nothing is published here.
    endpoints = [f'arn:aws:sqs:{REGION}:{ACCOUNT}:busy-{n:03d}' for n in range(105)]
    arns = [topic.subscribe_sqs(endpoint) for endpoint in endpoints]
    listed = topic.list_subscriptions()
    eq(sorted(s['endpoint'] for s in listed), endpoints, 'every subscription, across pages, once each')
    eq(sorted(s['arn'] for s in listed), sorted(arns), 'their ARNs')
    eq(len(client('sns').list_subscriptions_by_topic(TopicArn=topic.topic_arn)['Subscriptions']), 100, 'a first page of 100, as AWS')
