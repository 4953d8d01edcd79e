"""Extracts the Python code of the notebook's text export (test/data/notebook.txt), verbatim.

The export is a Jupyter notebook printed as text: markdown as it was written, and each code cell
as an `In [None]:` line followed by the cell's source. The exercises' solutions are not cells:
they are markdown, fenced as ```python ... ``` inside <details> blocks. Both kinds are returned,
in the order they appear, so that running them in that order defines what the notebook defines
(each exercise's stub class comes first and its solution then replaces it, as a reader who
opened the solution and ran it would have).

A code cell ends where the markdown resumes. In this export that is always a line, at column 0,
that is the next `In [None]:`, a heading (`## `, `### `), a rule (`---`) or `<details>`; no line
of the cells' Python starts that way at column 0. Every block is checked to be valid Python, so
a boundary taken wrongly fails loudly instead of cutting a cell short.

Usage: python3 extract.py NOTEBOOK  -> prints a JSON list of {kind, line, source}
"""
import ast
import json
import sys

CELL_START = 'In [None]:'
FENCE_START = '```python'
FENCE_END = '```'
# Lines at column 0 where a code cell's source has ended and markdown (or the next cell) begins.
MARKDOWN_STARTS = (CELL_START, '## ', '### ', '---', '<details>')


def extract(text):
    """Returns the code blocks of the notebook: [{kind: 'cell'|'solution', line, source}]."""
    lines = text.split('\n')
    blocks = []
    i = 0
    while i < len(lines):
        if lines[i] == CELL_START:
            end = i + 1
            while end < len(lines) and not lines[end].startswith(MARKDOWN_STARTS):
                end += 1
            blocks.append(_block('cell', lines, i + 1, end))
            i = end
        elif lines[i] == FENCE_START:
            end = lines.index(FENCE_END, i + 1)
            blocks.append(_block('solution', lines, i + 1, end))
            i = end + 1
        else:
            i += 1
    return blocks


def _block(kind, lines, start, end):
    """The source of lines[start:end] without the blank lines that separate it from the markdown."""
    body = lines[start:end]
    while body and not body[-1].strip():
        body.pop()
    source = '\n'.join(body) + '\n'
    # 1-based line number of the block's first line of code, for reports.
    line = start + 1
    try:
        ast.parse(source, filename=f'notebook.txt:{line}')
    except SyntaxError as err:
        raise SystemExit(f'notebook {kind} at line {line} is not valid Python ({err}); the cell boundary rule needs a look')
    return {'kind': kind, 'line': line, 'source': source}


def main():
    with open(sys.argv[1], encoding='utf-8') as f:
        print(json.dumps(extract(f.read()), indent=1))


if __name__ == '__main__':
    main()
