#!/usr/bin/env python3
"""Turns what `make bench` printed (bench/last-run.txt) into the table of bench/results.md: each API
figure with its goal and, where the run measured one, its ceiling on this machine and the ratio."""
import re, sys
from datetime import date


def main(path):
    text = open(path, encoding="utf-8").read()
    lines = text.splitlines()
    rows = []

    def row(what, value, ceiling="", ratio="", goal="", verdict=""):
        rows.append((what, value, ceiling, ratio, goal, verdict))

    # Reads over HTTP against the same SQL from pgbench.
    results = {m[0]: m[1:] for m in (l.split("|")[1:] for l in lines if l.startswith("RESULT|"))}
    ceilings = {l.split("|")[1]: l.split("|")[2] for l in lines if l.startswith("CEILING|")}
    for phase, script in (("catalogue", "catalogue"), ("lesson", "lesson-read")):
        if phase not in results:
            continue
        rps, p50, p99, errors, rss = results[phase]
        ceiling = ceilings.get(script, "")
        ratio = f"{100 * float(rps) / float(ceiling):.0f} %" if ceiling and float(ceiling) > 0 else ""
        ok = ratio and float(ratio.split()[0]) >= 50 and float(p99) < 50 and errors == "0" and float(rss) < 200
        row(f"{phase} reads, 256 connections", f"{rps}/s, p50 {p50} ms, p99 {p99} ms, {errors} errors, RSS {rss} MiB",
            f"{ceiling}/s (pgbench, same SQL)", ratio, "≥ 50 % of ceiling, p99 < 50 ms, 0 errors, < 200 MiB", "met" if ok else "not met")

    # The attempt burst: two runs, people's pace first, then no pause.
    run = None
    for l in lines:
        if l.startswith("== attempt burst"):
            run = "1–5 s per answer" if "1-5 s" in l else "no pause"
        m = re.match(r"^(start|save|submit)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", l)
        if run and m:
            kind, n, errors, _, rps, p50, _, p99 = m.groups()
            goal = "p99 < 250 ms, 0 errors" if run != "no pause" else "(the machine's ceiling, no goal)"
            verdict = ("met" if float(p99) < 250 and errors == "0" else "not met") if run != "no pause" else ""
            row(f"attempt burst, {kind} ({run})", f"{rps}/s, p50 {p50} ms, p99 {p99} ms, {errors} errors", "", "", goal, verdict)
        m = re.search(r"server memory: .*peak ([\d.]+) MiB", l)
        if run and m:
            row(f"attempt burst, server memory ({run})", f"peak {m.group(1)} MiB", "", "", "< 200 MiB", "met" if float(m.group(1)) < 200 else "not met")
    # Certificates against openssl speed.
    signed = re.search(r"signed (\d+) certificates in [\d.]+ s with \d+ workers: (\d+) certificates/s", text)
    speed = re.search(r"openssl speed ecdsap256, -multi \d+:\s+([\d.]+) sign/s", text) or re.search(r"openssl speed ecdsap256, one process:\s+([\d.]+) sign/s", text)
    if signed:
        rate = signed.group(2)
        ratio = f"{100 * float(rate) / float(speed.group(1)):.1f} %" if speed else ""
        row("certificates signed", f"{rate}/s ({signed.group(1)} in a cohort)", f"{speed.group(1)} signatures/s (openssl speed)" if speed else "",
            ratio, "≥ 1,000/s", "met" if float(rate) >= 1000 else "not met")
    # Packs and the report.
    m = re.search(r"validate \+ import: ([\d.]+) s", text)
    if m:
        row("pack of 200 lessons and 5,000 questions, validate + import", f"{m.group(1)} s", "", "", "< 2 s", "met" if float(m.group(1)) < 2 else "not met")
    m = re.search(r"completions report, all centres: .*median of 5: (\d+) ms", text)
    if m:
        row("completions report over 100,000 enrolments", f"{m.group(1)} ms", "", "", "< 200 ms", "met" if int(m.group(1)) < 200 else "not met")

    head = re.search(r"^commit .*$", text, re.M)
    print("# Benchmark results / Результати вимірювань\n")
    print(f"Written by `make bench` on {date.today().isoformat()} ({head.group(0) if head else 'commit ?'}); the full output is in"
          " `bench/last-run.txt`. Ceilings are measured in the same run on the same machine.\n")
    print("| What | Measured | Ceiling | Ratio | Goal | |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print("\nNot measured yet: answer saves against a pgbench ceiling of the save transaction, and certificate"
          " verification under load.")


if __name__ == "__main__":
    main(sys.argv[1])
