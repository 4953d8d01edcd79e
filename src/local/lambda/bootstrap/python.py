# The Python runtime of the local Lambda: one process runs one function. It imports the handler
# once (the "init" of AWS's execution environment), then reads invocations from stdin, one JSON
# line each, and answers each on file descriptor 3 with its result or error. print() output and
# logging records travel over the same channel, so they stay in order with the result.
import importlib
import io
import json
import logging
import os
import resource
import sys
import threading
import time
import traceback

_channel = os.fdopen(3, "w", encoding="utf-8")
_lock = threading.Lock()
_request_id = None


def _send(message):
    line = json.dumps(message)
    with _lock:
        _channel.write(line + "\n")
        _channel.flush()


class _LogWriter(io.TextIOBase):
    """sys.stdout and sys.stderr of the function: every write becomes log text."""

    def write(self, text):
        if text:
            _send({"type": "log", "text": text})
        return len(text)

    def writable(self):
        return True

    def flush(self):
        pass


class _LambdaLogHandler(logging.Handler):
    """The root logger's handler, in AWS's format: [LEVEL]\ttime\trequest id\tmessage."""

    def emit(self, record):
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + ".%03dZ" % record.msecs
        _send({"type": "log", "text": "[%s]\t%s\t%s\t%s\n" % (record.levelname, stamp, _request_id, self.format(record))})


class LambdaContext:
    """The context object AWS's Python runtime passes to handlers."""

    def __init__(self, message):
        env = os.environ
        self.function_name = env.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = env.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = message["invokedFunctionArn"]
        self.memory_limit_in_mb = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.aws_request_id = message["requestId"]
        self.log_group_name = env.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = env.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = None
        self.client_context = message.get("clientContext")
        self._deadline_ms = time.time() * 1000 + message["timeoutMs"]

    def get_remaining_time_in_millis(self):
        return max(int(self._deadline_ms - time.time() * 1000), 0)


class _RuntimeError(Exception):
    def __init__(self, error_type, message):
        super().__init__(message)
        self.error_type = error_type


def _load_handler(spec):
    try:
        module_name, function_name = spec.rsplit(".", 1)
    except ValueError as err:
        raise _RuntimeError("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (spec, err))
    module_name = module_name.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as err:
        raise _RuntimeError("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, err))
    except SyntaxError as err:
        raise _RuntimeError("Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (module_name, err))
    handler = getattr(module, function_name, None)
    if handler is None:
        raise _RuntimeError("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (function_name, module_name))
    return handler


def _memory_mb():
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _error_shape(err, tb):
    if isinstance(err, _RuntimeError):
        return {"errorMessage": str(err), "errorType": err.error_type, "requestId": _request_id or "", "stackTrace": []}
    frames = [f for f in traceback.extract_tb(tb) if f.filename != __file__]
    return {
        "errorMessage": str(err),
        "errorType": type(err).__name__,
        "requestId": _request_id or "",
        "stackTrace": traceback.format_list(frames),
    }


def _report_error(shape, fatal=False):
    trace = "".join(shape["stackTrace"])
    text = "[ERROR] %s: %s\n" % (shape["errorType"], shape["errorMessage"])
    if trace:
        text += "Traceback (most recent call last):\n" + trace
    _send({"type": "log", "text": text})
    _send({"type": "error", "error": shape, "memoryMb": _memory_mb(), "fatal": fatal})


def _invoke(handler, message):
    global _request_id
    _request_id = message["requestId"]
    try:
        result = handler(json.loads(message["payload"]), LambdaContext(message))
    except Exception as err:
        _report_error(_error_shape(err, err.__traceback__))
        return
    try:
        payload = json.dumps(result)
    except (TypeError, ValueError) as err:
        _report_error({"errorMessage": "Unable to marshal response: %s" % err, "errorType": "Runtime.MarshalError", "requestId": _request_id, "stackTrace": []})
        return
    _send({"type": "result", "payload": payload, "memoryMb": _memory_mb()})


def main():
    global _request_id
    requests = os.fdopen(0, "r", encoding="utf-8")
    sys.stdin = open(os.devnull, "r")
    sys.stdout = _LogWriter()
    sys.stderr = _LogWriter()
    root = logging.getLogger()
    root.addHandler(_LambdaLogHandler())
    sys.path.insert(0, os.getcwd())
    started = time.perf_counter()
    handler, init_error = None, None
    try:
        handler = _load_handler(os.environ.get("_HANDLER", ""))
    except Exception as err:
        init_error = _error_shape(err, err.__traceback__)
    _send({"type": "ready", "initMs": (time.perf_counter() - started) * 1000})
    for line in requests:
        message = json.loads(line)
        if init_error is not None:
            _request_id = message["requestId"]
            init_error["requestId"] = _request_id
            _report_error(init_error, fatal=True)
            continue
        _invoke(handler, message)


if __name__ == "__main__":
    main()
