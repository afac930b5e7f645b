#!/usr/bin/env python3
"""The statements the server sent, read back from PostgreSQL's log, for `make bench` to time the same
SQL from psql or pgbench (the ceiling of a figure measured over HTTP).

    python3 scripts/pg-statements.py LOG OFFSET [--longest | --all] [--skip PATTERN]

Reads LOG from byte OFFSET (what the log held before the request), where `log_min_duration_statement
= 0` made PostgreSQL log every statement as `duration: … ms  execute NAME: SQL` with a following
`DETAIL:  parameters: $1 = '…', …` line. Prints, with the parameters written in as literals:
`--longest` the statement that took longest (a report's query), or `--all` every statement in order
(one request's, for pgbench), each ending with `;`. `--skip` leaves out statements containing PATTERN
(the session lookup, which pgbench does not need).
"""
import re, sys

ENTRY = re.compile(r"^\S+ \S+ \S+ \[\d+\] (LOG|DETAIL):  (.*)$")


def entries(text):
    """(kind, text) for each log entry, continuation lines (a tab first) joined to their entry."""
    out = []
    for line in text.splitlines():
        m = ENTRY.match(line)
        if m:
            out.append([m.group(1), m.group(2)])
        elif out and line.startswith("\t"):
            out[-1][1] += "\n" + line[1:]
    return out


def parameters(detail):
    """$N → literal from `parameters: $1 = '…', $2 = NULL`."""
    values = {}
    for m in re.finditer(r"\$(\d+) = (NULL|'((?:[^']|'')*)')", detail):
        values[int(m.group(1))] = "NULL" if m.group(2) == "NULL" else "'" + m.group(3) + "'"
    return values


def main():
    log, offset = sys.argv[1], int(sys.argv[2])
    mode = "--all" if "--all" in sys.argv else "--longest"
    skip = sys.argv[sys.argv.index("--skip") + 1] if "--skip" in sys.argv else None
    with open(log, "rb") as f:
        f.seek(offset)
        text = f.read().decode("utf-8", "replace")
    found = []
    items = entries(text)
    for i, (kind, body) in enumerate(items):
        m = re.match(r"duration: ([\d.]+) ms  execute [^:]*: (.*)", body, re.S)
        if kind != "LOG" or not m:
            continue
        sql = m.group(2)
        if i + 1 < len(items) and items[i + 1][0] == "DETAIL" and items[i + 1][1].startswith("parameters:"):
            values = parameters(items[i + 1][1])
            # Highest numbers first, so that $1 does not eat the start of $12.
            for n in sorted(values, reverse=True):
                sql = re.sub(r"\$%d(?!\d)" % n, lambda _: values[n], sql)
        if skip and skip in sql:
            continue
        found.append((float(m.group(1)), sql.strip().rstrip(";")))
    if not found:
        sys.exit("no statement found in the log after offset %d" % offset)
    if mode == "--longest":
        print(max(found)[1] + ";")
    else:
        for _, sql in found:
            print(sql + ";")


if __name__ == "__main__":
    main()
