#!/usr/bin/env python3
"""Times hyde, Jekyll and Hugo on synthetic blogs of N posts, and hyde and Jekyll on the
academic site at the repository root. Standard library only.

    cargo build --release && python3 bench/run.py [--ns 100 1000] [--reps 3]

Needs `jekyll` (Debian's jekyll, or a gem install) and `hugo` (Debian: `apt-get install
hugo`; installed here only if missing and running as root). N defaults to 100 and 1000;
BENCH_FULL=1 adds 10000 (Jekyll alone takes minutes there).

Every synthetic build is cold: a fresh destination, Jekyll with --disable-disk-cache and
JEKYLL_NO_BUNDLER_REQUIRE=true. Tools run interleaved (hyde, jekyll, hugo, hyde, ...) so a
slow patch of machine load hits all of them. Wall time is measured around each process,
peak RSS from the child's rusage (`wait4`). Medians, ratios to hyde and peak memory are printed and
written to bench/results.json, and bench/chart.py draws docs/bench-chart.svg from that file.

With --check (on by default) the smallest N's hyde and Jekyll outputs are compared with
`diff -r` and the differing files listed.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JEKYLL_ENV = {"JEKYLL_NO_BUNDLER_REQUIRE": "true"}


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=isinstance(cmd, str), capture_output=True, text=True, **kw)


def machine():
    """nproc, CPU model, RAM, OS and load, for the report."""
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "loadavg_at_start": os.getloadavg(),
    }


def find_tools(hyde, wanted):
    """The command of each wanted tool that is installed (hyde is always wanted)."""
    tools = {}
    if not os.access(hyde, os.X_OK):
        sys.exit(f"no hyde binary at {hyde}: run `cargo build --release` or pass --hyde")
    tools["hyde"] = hyde
    tools["jekyll"] = shutil.which("jekyll")
    if not shutil.which("hugo") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("hugo missing: apt-get install -y hugo", flush=True)
        sh("apt-get install -y hugo")
    tools["hugo"] = shutil.which("hugo")
    for name in ("jekyll", "hugo"):
        if not tools[name]:
            print(f"warning: {name} not found; it is left out", file=sys.stderr)
    return {k: v for k, v in tools.items() if v and (k == "hyde" or k in wanted)}


def versions(tools):
    out = {}
    for name, args in (("hyde", ["--version"]), ("jekyll", ["--version"]), ("hugo", ["version"])):
        if name in tools:
            r = sh([tools[name]] + args, env={**os.environ, **JEKYLL_ENV})
            out[name] = (r.stdout or r.stderr).strip().splitlines()[0] if (r.stdout or r.stderr) else "?"
    return out


def timed(cmd, env=None, log=None):
    """Runs cmd; returns (wall seconds, peak RSS in KB). Exits on failure. The peak RSS is
    the child's own (`wait4`'s rusage), so no wrapper process (`/usr/bin/time`) starts inside
    the timed span: its exec cost 1-2 ms, a tenth of a hyde rebuild."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, stdout=out, stderr=err,
                             text=True)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if log:
        with open(log, "a") as f:
            f.write(f"$ {' '.join(cmd)}\n{stdout}{stderr}\n")
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{stdout[-2000:]}{stderr[-2000:]}")
    return wall, usage.ru_maxrss


def build_cmd(tool, exe, src, dest, extra=()):
    """The build command line of each tool; Jekyll's env is JEKYLL_ENV."""
    if tool.startswith("hyde"):
        return [exe, "build", "-q", "-s", src, "-d", dest, *extra]
    if tool.startswith("jekyll"):
        return [exe, "build", "-q", "-s", src, "-d", dest, *extra]
    return [exe, "--quiet", "-s", src, "-d", dest]


def bench_synthetic(tools, ns, reps, work, log):
    """{N: {tool: {"times": [...], "rss_kb": [...]}}}: cold builds, interleaved."""
    results = {}
    for n in ns:
        site = os.path.join(work, f"synth-{n}")
        sh([sys.executable, os.path.join(REPO, "bench", "synth.py"), str(n), site])
        results[n] = {t: {"times": [], "rss_kb": []} for t in tools}
        for rep in range(reps):
            for tool, exe in tools.items():
                src = os.path.join(site, "hugo" if tool == "hugo" else "jekyll")
                dest = os.path.join(work, f"out-{tool}-{n}")
                shutil.rmtree(dest, ignore_errors=True)
                extra = ["--disable-disk-cache"] if tool == "jekyll" else []
                wall, rss = timed(build_cmd(tool, exe, src, dest, extra), JEKYLL_ENV, log)
                results[n][tool]["times"].append(round(wall, 5))
                results[n][tool]["rss_kb"].append(rss)
                print(f"  N={n:<6} {tool:<7} run {rep + 1}: {wall:8.3f} s {rss / 1024:7.1f} MB",
                      flush=True)
    return results


def copy_academic(work, site=None):
    """A copy of the repository's own site (tracked files outside the Rust project), or of
    `site` (another Academic Pages checkout: its tracked files, or all but outputs and caches
    when it is not a git work tree)."""
    dest = os.path.join(work, "academic")
    shutil.rmtree(dest, ignore_errors=True)
    if site:
        listed = sh(["git", "-C", site, "ls-files", "-z"])
        if listed.returncode == 0 and listed.stdout:
            for f in listed.stdout.split("\0"):
                if f and os.path.isfile(os.path.join(site, f)):
                    os.makedirs(os.path.dirname(os.path.join(dest, f)), exist_ok=True)
                    shutil.copy2(os.path.join(site, f), os.path.join(dest, f))
        else:
            shutil.copytree(site, dest, ignore=shutil.ignore_patterns(
                "_site", ".jekyll-cache", ".jekyll-metadata", ".git", ".sass-cache"))
        return dest
    skip = ("src/", "tests/", "benches/", "bench/", "docs/", ".ci/")
    files = sh(["git", "-C", REPO, "ls-files", "-z"]).stdout.split("\0")
    for f in files:
        if not f or f.startswith(skip) or f in ("Cargo.lock", "Cargo.toml", "build.rs"):
            continue
        os.makedirs(os.path.dirname(os.path.join(dest, f)), exist_ok=True)
        shutil.copy2(os.path.join(REPO, f), os.path.join(dest, f))
    return dest


def bench_academic(tools, reps, work, log, source=None):
    """Cold build (`--disable-disk-cache`, as a fresh CI checkout), full build, no-op rebuild
    and one-post-edit rebuild of the academic site, for hyde, hyde --incremental, Jekyll (as
    usually run, with its disk cache) and Jekyll --incremental."""
    site = copy_academic(work, source)
    posts = sorted(os.listdir(os.path.join(site, "_posts")))
    post = os.path.join(site, "_posts", posts[-1])
    with open(post) as f:
        original = f.read()
    # hyde -I keeps its state in the cache folder between processes, as Jekyll's disk cache
    # and --incremental do: the repeat-build comparison.
    runs = {"hyde": (tools["hyde"], []), "hyde -I": (tools["hyde"], ["--incremental"])}
    if "jekyll" in tools:
        runs["jekyll"] = (tools["jekyll"], [])
        runs["jekyll -I"] = (tools["jekyll"], ["--incremental"])
    steps = ("cold", "full", "noop", "edit")
    results = {t: {s: {"times": [], "rss_kb": []} for s in steps} for t in runs}
    for rep in range(reps):
        for tool, (exe, extra) in runs.items():
            dest = os.path.join(work, f"out-{tool.replace(' -', '-')}-academic")
            for step in steps:
                if step in ("cold", "full"):  # no output, no caches
                    shutil.rmtree(dest, ignore_errors=True)
                    for cache in (".jekyll-cache", ".jekyll-metadata"):
                        p = os.path.join(site, cache)
                        shutil.rmtree(p, ignore_errors=True) if os.path.isdir(p) else (
                            os.path.exists(p) and os.remove(p))
                    with open(post, "w") as f:
                        f.write(original)
                elif step == "edit":  # one post changes by a sentence
                    with open(post, "a") as f:
                        f.write(f"\nEdited for benchmark run {rep + 1}.\n")
                    time.sleep(1.1)  # mtime granularity, for Jekyll --incremental
                # The previous step's files written back first, so that no tool's time
                # includes another's (or its own earlier) disk writes.
                os.sync()
                flags = [*extra, "--disable-disk-cache"] if step == "cold" else extra
                wall, rss = timed(build_cmd(tool, exe, site, dest, flags), JEKYLL_ENV, log)
                results[tool][step]["times"].append(round(wall, 5))
                results[tool][step]["rss_kb"].append(rss)
                print(f"  academic {tool:<9} {step:<5} run {rep + 1}: {wall:8.4f} s "
                      f"{rss / 1024:7.1f} MB", flush=True)
    with open(post, "w") as f:
        f.write(original)
    return results


def check_outputs(work, n):
    """diff -r of hyde's and Jekyll's builds of the N-post site (or of the academic site, after
    the edit) in `work`; returns the differing files."""
    a, b = (os.path.join(work, f"out-{tool}-{n}") for tool in ("hyde", "jekyll"))
    r = sh(["diff", "-rq", a, b])
    lines = [l.replace(work + "/", "") for l in r.stdout.splitlines()]
    print(f"\nhyde vs Jekyll output, {n if n == 'academic' else f'N={n}'}: "
          + ("identical" if not lines else f"{len(lines)} differences (diff -r {a} {b})"))
    for l in lines[:20]:
        print("  " + l)
    return lines


def summarize(stats):
    return {"median_s": round(statistics.median(stats["times"]), 5),
            "peak_mb": round(max(stats["rss_kb"]) / 1024, 1)}


def report(res):
    """The results as Markdown tables (what BENCHMARKS.md shows)."""
    print("\n| N | tool | median | × hyde's time | peak memory |\n| ---: | --- | ---: | ---: | ---: |")
    for n, by_tool in sorted(res["synthetic"].items(), key=lambda kv: int(kv[0])):
        h = statistics.median(by_tool["hyde"]["times"])
        for tool, st in by_tool.items():
            s = summarize(st)
            print(f"| {int(n):,} | {tool} | {s['median_s']:.2f} s | {s['median_s'] / h:.1f} | "
                  f"{s['peak_mb']:.0f} MB |")
    if res.get("academic"):
        print("\n| tool | cold build | full build | no-op rebuild | one-post edit | peak memory |"
              "\n| --- | ---: | ---: | ---: | ---: | ---: |")
        for tool, by_step in res["academic"].items():
            # (Rebuilds take hyde about 10 ms: a tenth of a millisecond shows.)
            cells = [f"{summarize(st)['median_s']:.4f} s" for st in by_step.values()]
            peak = max(summarize(st)["peak_mb"] for st in by_step.values())
            print(f"| {tool} | " + " | ".join(cells) + f" | {peak:.0f} MB |")
        ac = res["academic"]
        pairs = [(j, h) for j, h in (("jekyll", "hyde"), ("jekyll -I", "hyde -I")) if j in ac and h in ac]
        if pairs:
            steps = list(ac[pairs[0][1]].keys())
            print("\n| Jekyll's time ÷ hyde's | " + " | ".join(steps) + " |\n| --- |"
                  + " ---: |" * len(steps))
            for j, h in pairs:
                ratios = [summarize(ac[j][st])["median_s"] / summarize(ac[h][st])["median_s"]
                          for st in steps]
                print(f"| {j} ÷ {h} | " + " | ".join(f"{r:.1f}×" for r in ratios) + " |")


def main():
    ap = argparse.ArgumentParser(
        description="Times hyde, Jekyll and Hugo builds (see the top of bench/run.py).")
    full = os.environ.get("BENCH_FULL") == "1"
    ap.add_argument("--ns", type=int, nargs="*", default=[100, 1000] + ([10000] if full else []),
                    help="post counts of the synthetic blogs (default 100 1000; BENCH_FULL=1 adds 10000)")
    ap.add_argument("--reps", type=int, default=3, help="runs of each tool at each N")
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
    ap.add_argument("--hyde", default=os.path.join(target, "release", "hyde"),
                    help="the hyde binary (default: $CARGO_TARGET_DIR or target, release/hyde)")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "hyde-bench"),
                    help="scratch folder for the sites and their builds")
    ap.add_argument("--tools", nargs="+", default=["jekyll", "hugo"],
                    help="which of jekyll and hugo to time besides hyde")
    ap.add_argument("--append", action="store_true",
                    help="add these N to the results already in --out (keeping the rest)")
    ap.add_argument("--academic-reps", type=int, default=5, help="runs on the academic site")
    ap.add_argument("--no-academic", action="store_true", help="skip the academic site")
    ap.add_argument("--academic-site", help="time this Academic Pages checkout instead of the "
                    "repository's own site (copied first; a Gemfile is ignored by Jekyll here)")
    ap.add_argument("--no-check", action="store_true", help="skip the hyde-vs-Jekyll diff")
    default_out = os.path.join(REPO, "bench", "results.json")
    ap.add_argument("--out", default=default_out, help="results file (default bench/results.json)")
    ap.add_argument("--chart", help="chart file (default docs/bench-chart.svg with the default "
                    "--out, else --out's name with .svg)")
    args = ap.parse_args()

    os.makedirs(args.work, exist_ok=True)
    log = os.path.join(args.work, "builds.log")
    open(log, "w").close()
    tools = find_tools(os.path.abspath(args.hyde), args.tools)
    res = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": "python3 " + " ".join(["bench/run.py"] + sys.argv[1:]),
        "machine": machine(),
        "versions": versions(tools),
        "source_commit": sh(["git", "-C", REPO, "rev-parse", "--short", "HEAD"]).stdout.strip(),
        "reps": args.reps,
    }
    print(json.dumps(res, indent=1), flush=True)
    res["synthetic"] = bench_synthetic(tools, args.ns, args.reps, args.work, log)
    if not args.no_check and "jekyll" in tools:
        res["hyde_vs_jekyll_diff"] = {n: check_outputs(args.work, n) for n in args.ns}
    if not args.no_academic:
        res["academic"] = bench_academic(tools, args.academic_reps, args.work, log,
                                         args.academic_site)
        if not args.no_check and "jekyll" in tools:
            res.setdefault("hyde_vs_jekyll_diff", {})["academic"] = check_outputs(
                args.work, "academic")
    res["machine"]["loadavg_at_end"] = os.getloadavg()
    if args.append and os.path.exists(args.out):  # earlier results, with these N replaced
        with open(args.out) as f:
            old = json.load(f)
        old.setdefault("appended", []).append(
            {k: res[k] for k in ("date", "command", "machine", "versions", "reps")})
        old["synthetic"].update({str(n): v for n, v in res["synthetic"].items()})
        for key in ("hyde_vs_jekyll_diff", "academic"):
            if key in res:
                old.setdefault(key, {}).update(res[key])
        res = old
    report(res)
    with open(args.out, "w") as f:
        json.dump(res, f, indent=1)
        f.write("\n")
    print(f"\nwrote {args.out}")
    chart = args.chart or (os.path.join(REPO, "docs", "bench-chart.svg") if args.out == default_out
                           else os.path.splitext(args.out)[0] + ".svg")
    sh([sys.executable, os.path.join(REPO, "bench", "chart.py"), args.out, chart])
    print(f"wrote {chart}")


if __name__ == "__main__":
    main()
