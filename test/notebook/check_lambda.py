"""Section 2 of the notebook: invoke_lambda, list_lambda_functions and its example handler
(`lambda_code`), on the sample functions the local AWS deploys from functions/."""
import json
import re

from support import ROLE, check, client, eq, forwarded, forwarder, function_arn, zip_of

GREET = {'name': 'Alice', 'action': 'greet'}
# LastModified as Lambda writes it: 2024-01-15T10:00:00.000+0000.
LAST_MODIFIED = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$')


@check('lambda: invoke_lambda runs greeting synchronously (RequestResponse)')
def invoke_sync(nb):
    result = nb.invoke_lambda(function_name='greeting', payload=GREET)
    eq({k: result[k] for k in ('status_code', 'executed_version', 'function_error')}, {'status_code': 200, 'executed_version': '$LATEST', 'function_error': None}, 'invoke_lambda result')
    eq(result['payload']['statusCode'], 200, "greeting's statusCode")
    eq(json.loads(result['payload']['body']), {'message': 'Hello, Alice!', 'input': GREET}, "greeting's body")


@check('lambda: invoke_lambda with Event answers 202 and the function runs in the background')
def invoke_async(nb):
    result = nb.invoke_lambda(function_name='greeting', payload={'name': 'Bob'}, invocation_type='Event')
    eq((result['status_code'], result['function_error'], 'payload' in result), (202, None, False), 'Event invocation of greeting')
    # greeting's answer is dropped, as AWS drops it; the forwarder shows the function did run.
    arn, _ = forwarder()
    result = nb.invoke_lambda(function_name=arn, payload={'task': 'process_data'}, invocation_type='Event')
    eq(result['status_code'], 202, 'Event invocation of the forwarder by ARN')
    eq(forwarded(1), [{'task': 'process_data'}], 'what the background run received')


@check('lambda: invoke_lambda with DryRun answers 204 without running')
def invoke_dry_run(nb):
    result = nb.invoke_lambda(function_name='greeting', payload={}, invocation_type='DryRun')
    eq((result['status_code'], result['function_error'], 'payload' in result), (204, None, False), 'DryRun invocation')


@check('lambda: invoke_lambda reports a function error, a missing function and an ARN of another region')
def invoke_errors(nb):
    failed = nb.invoke_lambda(function_name='flaky', payload={'fail': True, 'message': 'notebook says no'})
    eq((failed['status_code'], failed['function_error']), (200, 'Unhandled'), 'a function that throws')
    eq((failed['payload']['errorType'], failed['payload']['errorMessage']), ('Error', 'notebook says no'), "the error payload")
    missing = nb.invoke_lambda(function_name='no-such-function', payload={})
    expected = f'An error occurred (ResourceNotFoundException) when calling the Invoke operation: Function not found: {function_arn("no-such-function")}'
    eq(missing, {'error': expected}, 'invoke_lambda of a missing function')
    # "Name or ARN", says the docstring: an ARN of this region works, one of another region is out of reach.
    eq(nb.invoke_lambda(function_name=function_arn('greeting'), payload={})['status_code'], 200, 'invoke_lambda by ARN')
    elsewhere = nb.invoke_lambda(function_name=function_arn('greeting').replace('us-east-1', 'eu-west-1'), payload={})
    eq(elsewhere, {'error': "An error occurred (ResourceNotFoundException) when calling the Invoke operation: Functions from 'eu-west-1' are not reachable in this region ('us-east-1')"}, 'invoke_lambda by ARN of another region')


@check("lambda: the notebook's example handler (lambda_code) deployed as python3.12 and invoked")
def notebook_handler(nb):
    lam = client('lambda')
    lam.create_function(
        FunctionName='notebook-handler', Runtime='python3.12', Handler='lambda_function.lambda_handler', Role=ROLE,
        Code={'ZipFile': zip_of({'lambda_function.py': nb.lambda_code})},
    )
    lam.get_waiter('function_active_v2').wait(FunctionName='notebook-handler')
    result = nb.invoke_lambda(function_name='notebook-handler', payload={'name': 'Ada'})
    # Python's json.dumps spacing: the body is the handler's own text, byte for byte.
    eq(result['payload'], {'statusCode': 200, 'body': json.dumps({'message': 'Hello, Ada!', 'input': {'name': 'Ada'}})}, 'the handler’s answer')
    eq(nb.invoke_lambda(function_name='notebook-handler', payload={})['payload']['body'], json.dumps({'message': 'Hello, World!', 'input': {}}), 'the default name')


@check('lambda: list_lambda_functions follows the paginator past 50 functions')
def list_functions(nb):
    lam = client('lambda')
    extra = [f'notebook-fn-{n:02d}' for n in range(50)]
    for name in extra:
        lam.create_function(FunctionName=name, Runtime='nodejs20.x', Handler='index.handler', Role=ROLE, MemorySize=256, Timeout=7,
                            Code={'ZipFile': zip_of({'index.js': 'exports.handler = async () => 1;'})})
    listed = nb.list_lambda_functions()
    names = sorted(f['name'] for f in listed)
    expected = sorted(['echo', 'flaky', 'greeting', 'greeting-python', 'notebook-forwarder', 'notebook-handler', *extra])
    eq(names, expected, 'every function, across pages, once each')
    by_name = {f['name']: f for f in listed}
    greeting = by_name['greeting']
    eq({k: greeting[k] for k in ('runtime', 'memory', 'timeout')}, {'runtime': 'nodejs20.x', 'memory': 128, 'timeout': 3}, 'greeting as listed')
    eq((by_name['flaky']['timeout'], by_name['notebook-fn-07']['memory'], by_name['notebook-fn-07']['timeout']), (2, 256, 7), 'settings as deployed')
    eq(by_name['greeting-python']['runtime'], 'python3.12', 'greeting-python runtime')
    bad = [f['name'] for f in listed if not LAST_MODIFIED.match(f['last_modified'])]
    eq(bad, [], 'functions whose last_modified is not in Lambda format')


@check('lambda: LambdaInvoker (exercise 4) sync, async, function error, missing function, stats')
def invoker(nb):
    greeting = nb.LambdaInvoker('greeting')
    sync = greeting.invoke(payload=GREET, retries=3)
    eq({k: sync[k] for k in ('success', 'status_code', 'attempt', 'function_error', 'executed_version')},
       {'success': True, 'status_code': 200, 'attempt': 1, 'function_error': None, 'executed_version': '$LATEST'}, 'sync invoke')
    eq(json.loads(sync['payload']['body'])['message'], 'Hello, Alice!', 'sync payload')
    fire = greeting.invoke(payload={'task': 'background_job'}, async_invoke=True)
    eq((fire['success'], fire['status_code'], 'payload' in fire), (True, 202, False), 'async invoke')
    eq(greeting.get_stats(), {'total_invocations': 2, 'total_errors': 0, 'success_rate': 100.0}, 'greeting stats')
    flaky = nb.LambdaInvoker('flaky')
    failed = flaky.invoke(payload={'fail': True, 'message': 'boom'})
    eq((failed['success'], failed['function_error'], failed['payload']['errorMessage']), (False, 'Unhandled', 'boom'), 'function error')
    eq(flaky.get_stats(), {'total_invocations': 1, 'total_errors': 1, 'success_rate': 0.0}, 'flaky stats')
    # ResourceNotFoundException is not in its retryable list: one attempt, AWS's code and message.
    missing = nb.LambdaInvoker('no-such-function').invoke(payload={})
    eq((missing['success'], missing['error_code'], missing['attempt']), (False, 'ResourceNotFoundException', 1), 'missing function')
    eq(missing['error_message'], f'Function not found: {function_arn("no-such-function")}', 'missing function message')
