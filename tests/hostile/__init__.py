"""The hostile probe suite (issue 14, point 6): every CLI command on files an attacker or an unlucky
user would hand it, each run as its own process, checked for exit code, one-line errors, no
traceback, terminal-safe output, no stray writes and no hang. See ``runner.py`` for how runs are made.
"""
