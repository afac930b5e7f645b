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

    # Reads and answer saves over HTTP (wrk) against the same SQL from pgbench. A RESULT line:
    # phase | offered req/s (0: no pause) | req/s | p50 ms | p99 ms | errors | requests | server peak RSS MiB
    # [| server CPU µs/request | PostgreSQL CPU µs/request | cores busy %] (runs since 2026-12-05)
    # CEILING|script|transactions/s[|PostgreSQL CPU µs per transaction|cores busy %]
    ceiling_lines = [l.split("|") for l in lines if l.startswith("CEILING|")]
    ceilings = {f[1]: f[2] for f in ceiling_lines}
    ceiling_cpu = {f[1]: f[3:5] for f in ceiling_lines if len(f) >= 5}
    scripts = {"catalogue": "catalogue", "lesson": "lesson-read", "save": "answer-save", "year": "year"}
    names = {"catalogue": "catalogue reads", "lesson": "lesson reads", "save": "answer saves", "verify": "certificate verifications",
             "year": "a person's year of the development record (190,000 people)"}
    ratio_goals = {"lesson": 50, "save": 40}
    # A paced phase run more than once (the lessons at half their ceiling) is listed run by run.
    results = [l.split("|") for l in lines if l.startswith("RESULT|") and l.count("|") >= 8]
    runs_of = {}
    for f in results:
        if f[2] != "0":
            runs_of[(f[1], f[2])] = runs_of.get((f[1], f[2]), 0) + 1
    run_no = {}
    verify_speed = re.search(r"openssl speed ecdsap256, -multi \d+:\s+[\d.]+ sign/s, ([\d.]+) verify/s", text)
    for fields in results:
        phase, offered, rps, p50, p99, errors, _, rss = fields[1:9]
        measured = f"{rps}/s, p50 {p50} ms, p99 {p99} ms, {errors} errors, server RSS peak {rss} MiB"
        if len(fields) >= 12:
            server_us, postgres_us, busy = fields[9:12]
            measured += f"; CPU per request: server {server_us} µs, PostgreSQL {postgres_us} µs; cores {busy} % busy"
        basic = errors == "0" and float(rss) < 200
        if phase == "verify":
            ceiling = f"{verify_speed.group(1)} verifications/s (openssl speed, {2} processes)" if verify_speed else ""
            ratio = f"{100 * float(rps) / float(verify_speed.group(1)):.1f} %" if verify_speed else ""
            row(f"{names[phase]}, 256 connections, no pause", measured, ceiling, ratio, "0 errors, < 200 MiB", "met" if basic else "not met")
            continue
        script = scripts[phase]
        ceiling = ceilings.get(script, "")
        if offered == "0":
            ratio = 100 * float(rps) / float(ceiling) if ceiling and float(ceiling) > 0 else None
            want = ratio_goals.get(phase)
            goal = (f"≥ {want} % of ceiling, " if want else "") + "0 errors, < 200 MiB"
            ok = basic and (want is None or (ratio is not None and ratio >= want))
            cpu = ceiling_cpu.get(script)
            cpu_text = f"; PostgreSQL {cpu[0]} µs per transaction, cores {cpu[1]} % busy" if cpu else ""
            row(f"{names[phase]}, 256 connections, no pause", measured, f"{ceiling}/s (pgbench, same SQL{cpu_text})" if ceiling else "",
                f"{ratio:.0f} %" if ratio is not None else "", goal, "met" if ok else "not met")
        else:
            # Paced: the offered rate must be carried (within 3 %) for the latency to mean anything.
            carried = float(rps) >= 0.97 * float(offered)
            if phase == "save":
                goal, ok = "rate carried, p99 < 250 ms, 0 errors", carried and float(p99) < 250 and basic
            elif phase == "year":
                goal, ok = "rate carried, p99 < 10 ms, 0 errors", carried and float(p99) < 10 and basic
            else:
                goal, ok = "rate carried, p99 < 50 ms, 0 errors, < 200 MiB", carried and float(p99) < 50 and basic
            share = (f"half of its rate with no pause" if phase == "year"
                     else f"{100 * float(offered) / float(ceiling):.0f} % of the {script} ceiling" if ceiling else "")
            run_no[(phase, offered)] = run_no.get((phase, offered), 0) + 1
            n = runs_of[(phase, offered)]
            which = f", run {run_no[(phase, offered)]} of {n}" if n > 1 else ""
            row(f"{names[phase]}, 256 connections, {offered}/s offered ({share}){which}", measured, "", "", goal, "met" if ok else "not met")

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
    badges = re.search(r"made (\d+) badges in [\d.]+ s with \d+ workers: (\d+) badges/s, (\d+) % of the certificates' rate", text)
    if badges:
        row("badges made (Open Badges VC-JWT)", f"{badges.group(2)}/s ({badges.group(1)})", f"{signed.group(2)} certificates/s" if signed else "",
            f"{badges.group(3)} %", "within 20 % of certificates/s", "met" if int(badges.group(3)) >= 80 else "not met")
    # Packs and the report.
    m = re.search(r"validate \+ import: ([\d.]+) s", text)
    if m:
        row("pack of 200 lessons and 5,000 questions, validate + import", f"{m.group(1)} s", "", "", "< 2 s", "met" if float(m.group(1)) < 2 else "not met")
    m = re.search(r"completions report, all centres: .*median of 5: (\d+) ms", text)
    if m:
        row("completions report over 100,000 enrolments", f"{m.group(1)} ms", "", "", "< 200 ms", "met" if int(m.group(1)) < 200 else "not met")

    # The development record at national scale: REPORT|name|rows|HTTP median ms|psql median ms.
    report_goals = {"whole year": 2000, "one hromada": 50, "by oblast": 1000}
    for l in lines:
        if not l.startswith("REPORT|"):
            continue
        _, name, count, http_ms, psql_ms = l.split("|")[:5]
        limit = next((v for k, v in report_goals.items() if k in name), None)
        goal = f"< {limit / 1000:g} s" if limit and limit >= 1000 else f"< {limit} ms" if limit else ""
        row(f"{name}, national data set ({count} rows)", f"{http_ms} ms over HTTP (median of 5)", f"{psql_ms} ms (psql, the same statement)",
            f"{100 * float(psql_ms) / float(http_ms):.0f} %" if float(http_ms) > 0 else "", goal,
            ("met" if float(http_ms) < limit else "not met") if limit else "")

    head = re.search(r"^commit .*$", text, re.M)
    print("# Benchmark results / Результати вимірювань\n")
    print(f"Written by `make bench` on {date.today().isoformat()} ({head.group(0) if head else 'commit ?'}); the full output is in"
          " `bench/last-run.txt`. Ceilings are measured in the same run on the same machine.\n")
    print("| What | Measured | Ceiling | Ratio | Goal | |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print("\nNo pause: every connection sends its next request as soon as the last is answered, so the"
          " server runs flat out and the latency is mostly waiting in line (256 connections over what the machine"
          " serves). Offered: the requests are spread evenly at the stated rate; the latency is what each request"
          " takes at that load.")


if __name__ == "__main__":
    main(sys.argv[1])
