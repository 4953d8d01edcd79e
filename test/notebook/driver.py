"""Runs the notebook's own helpers, unchanged, against the endpoint in AWS_ENDPOINT_URL.

Every code block of test/data/notebook.txt (its 20 cells and the 4 exercise solutions, see
extract.py) is executed, in notebook order, into one module named `notebook`, as a reader
running the notebook top to bottom would. None of them calls AWS when run: the cells define
functions and classes, create clients, and print their examples as text (the solutions' usage is
commented out or printed too), so all of them are taken and none is edited. The endpoint, dummy
credentials and region reach the notebook's `boto3.client(...)`/`boto3.resource(...)` calls
through the environment (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_DEFAULT_REGION), which botocore reads for every service.

The checks (check_*.py) then call those definitions as the notebook's examples do and assert what
AWS answers. Usage:
  python3 driver.py NOTEBOOK --list   -> the check names, one JSON string per line
  python3 driver.py NOTEBOOK          -> one JSON line per check: {name, ok, error?}
The notebook's prints and logs go to stderr; stdout carries only the results.
"""
import json
import os
import sys
import traceback
import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from extract import extract  # noqa: E402
from support import CHECKS  # noqa: E402
import check_dynamodb  # noqa: E402,F401  (each check module registers its checks on import)
import check_lambda  # noqa: E402,F401
import check_sqs  # noqa: E402,F401
import check_sns  # noqa: E402,F401
import check_solutions  # noqa: E402,F401


def load_notebook(path):
    """Executes every code block of the notebook into a fresh module and returns it."""
    with open(path, encoding='utf-8') as f:
        blocks = extract(f.read())
    module = types.ModuleType('notebook')
    # Registered like an imported module, so that dataclasses and logging see a real module.
    sys.modules['notebook'] = module
    for block in blocks:
        # Padding with blank lines keeps tracebacks on the notebook's own line numbers.
        source = '\n' * (block['line'] - 1) + block['source']
        exec(compile(source, path, 'exec'), module.__dict__)
    return module


def main():
    path = sys.argv[1]
    if '--list' in sys.argv:
        for name, _ in CHECKS:
            print(json.dumps(name))
        return
    results = sys.stdout
    sys.stdout = sys.stderr
    notebook = load_notebook(path)
    for name, run in CHECKS:
        try:
            run(notebook)
            outcome = {'name': name, 'ok': True}
        except Exception:  # a failed check is reported and the next one still runs
            outcome = {'name': name, 'ok': False, 'error': traceback.format_exc(limit=-4)}
        results.write(json.dumps(outcome) + '\n')
        results.flush()


if __name__ == '__main__':
    main()
