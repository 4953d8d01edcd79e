"""What the checks share: the check registry, assertions, and the setup a reader would do on AWS
by hand before using the notebook's helpers (queue policies for SNS, a function to subscribe).

Everything here is driver code; the notebook's own code is only ever called, never copied.
Every boto3 client here, like the notebook's, finds the local AWS through AWS_ENDPOINT_URL.
"""
import glob
import io
import json
import os
import time
import urllib.request
import zipfile

import boto3

ACCOUNT = '000000000000'
REGION = 'us-east-1'
ENDPOINT = os.environ.get('AWS_ENDPOINT_URL', '')
# A role ARN in the shape CreateFunction wants; the local Lambda does not look roles up.
ROLE = f'arn:aws:iam::{ACCOUNT}:role/notebook-driver'

CHECKS = []
# What one check sets up for later ones (the forwarder function and its queue).
STATE = {}


def check(name):
    """Registers a check; checks run in the order they are registered."""
    def register(fn):
        CHECKS.append((name, fn))
        return fn
    return register


def eq(actual, expected, what):
    """Asserts equality, naming what was compared and showing both sides."""
    if actual != expected:
        raise AssertionError(f'{what}:\n  expected {expected!r}\n  got      {actual!r}')


def raises(fn, exc_type, what):
    """Runs fn and returns the exception of exc_type it raises; fails if it raises none."""
    try:
        fn()
    except exc_type as err:
        return err
    raise AssertionError(f'{what}: expected {exc_type.__name__}, nothing was raised')


def error_code(err):
    """The AWS error code of a botocore ClientError."""
    return err.response['Error']['Code']


def client(service):
    return boto3.client(service, region_name=REGION)


def queue_arn(url):
    return f'arn:aws:sqs:{REGION}:{ACCOUNT}:{url.rsplit("/", 1)[1]}'


def function_arn(name):
    return f'arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}'


def allow_topic(queue_url, topic_arn):
    """The queue policy AWS needs before SNS may deliver to a queue (as the notebook's EventBus sets)."""
    policy = {
        'Version': '2012-10-17',
        'Statement': [{
            'Effect': 'Allow',
            'Principal': {'Service': 'sns.amazonaws.com'},
            'Action': 'sqs:SendMessage',
            'Resource': queue_arn(queue_url),
            'Condition': {'ArnEquals': {'aws:SourceArn': topic_arn}},
        }],
    }
    client('sqs').set_queue_attributes(QueueUrl=queue_url, Attributes={'Policy': json.dumps(policy)})


def allow_topic_to_invoke(function_name, topic_arn, statement_id):
    """The resource policy AWS needs before SNS may invoke a function."""
    client('lambda').add_permission(
        FunctionName=function_name, StatementId=statement_id, Action='lambda:InvokeFunction',
        Principal='sns.amazonaws.com', SourceArn=topic_arn,
    )


# A Node function that sends the event it was invoked with to a queue, so that what reached the
# function (an Event invocation, an SNS delivery) can be read back. The local Lambda gives its
# functions AWS_ENDPOINT_URL and the AWS SDK v3, as AWS gives them its endpoints and SDK.
FORWARDER_SOURCE = """
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const sqs = new SQSClient({});
exports.handler = async (event) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.TARGET_QUEUE_URL, MessageBody: JSON.stringify(event) }));
  return 'forwarded';
};
"""


def zip_of(files):
    """A deployment package holding {file name: source}."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w') as archive:
        for name, source in files.items():
            archive.writestr(name, source)
    return buffer.getvalue()


def create_forwarder(name, queue_url):
    """Creates the forwarder function, waits until it is Active (as on AWS) and returns its ARN."""
    lam = client('lambda')
    created = lam.create_function(
        FunctionName=name, Runtime='nodejs20.x', Handler='index.handler', Role=ROLE,
        Code={'ZipFile': zip_of({'index.js': FORWARDER_SOURCE})},
        Environment={'Variables': {'TARGET_QUEUE_URL': queue_url}},
    )
    lam.get_waiter('function_active_v2').wait(FunctionName=name)
    return created['FunctionArn']


def take(queue_url, count, wait_seconds=10):
    """Receives and deletes `count` messages, long-polling until they arrive; returns them."""
    sqs = client('sqs')
    taken = []
    deadline = time.monotonic() + wait_seconds
    while len(taken) < count and time.monotonic() < deadline:
        response = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1, MessageAttributeNames=['All'])
        for message in response.get('Messages', []):
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message['ReceiptHandle'])
            taken.append(message)
    eq(len(taken), count, f'messages that reached {queue_url.rsplit("/", 1)[1]} within {wait_seconds} s')
    return taken


def queue_counts(queue_url):
    """(visible, in flight, delayed) messages of a queue."""
    attrs = client('sqs').get_queue_attributes(QueueUrl=queue_url, AttributeNames=['All'])['Attributes']
    return (attrs['ApproximateNumberOfMessages'], attrs['ApproximateNumberOfMessagesNotVisible'], attrs['ApproximateNumberOfMessagesDelayed'])


def outbox_emails(to, subject, count=1, wait_seconds=5):
    """The .eml files the local SNS wrote for `to` with `subject` (it has no mail server); waits for `count`."""
    outbox = os.environ['NOTEBOOK_OUTBOX']
    deadline = time.monotonic() + wait_seconds
    while True:
        found = []
        for path in sorted(glob.glob(os.path.join(outbox, '*.eml'))):
            with open(path, encoding='utf-8', newline='') as f:  # keep the CRLFs of the .eml
                text = f.read()
            headers = text.split('\r\n\r\n', 1)[0].split('\r\n')
            if f'To: {to}' in headers and f'Subject: {subject}' in headers:
                found.append(text)
        if len(found) >= count or time.monotonic() > deadline:
            eq(len(found), count, f'emails to {to} titled {subject!r} in the outbox')
            return found
        time.sleep(0.05)


def local_request_counts():
    """Requests the local AWS answered so far, per service and operation (its /_local/requests)."""
    with urllib.request.urlopen(f'{ENDPOINT}/_local/requests') as response:
        return json.loads(response.read())


def forwarder():
    """The forwarder function and the queue it fills, created on first use: (function ARN, queue URL)."""
    if 'forwarder' not in STATE:
        queue_url = client('sqs').create_queue(QueueName='forwarded-events')['QueueUrl']
        STATE['forwarder'] = (create_forwarder('notebook-forwarder', queue_url), queue_url)
    return STATE['forwarder']


def forwarded(count):
    """The events the forwarder received (and passed on to its queue), once `count` of them arrived."""
    return [json.loads(m['Body']) for m in take(forwarder()[1], count)]
