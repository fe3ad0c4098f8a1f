#!/usr/bin/env python3
"""Cost of authentication on POST /api/v2/alerts (issue 8): the same blast against the release
`vigil` with a bearer token, with `auth: {mode: none}`, and through the loopback compat role.

Usage: python3 Benchmarks/auth_overhead.py [--vigil .build/release/vigil] [--seconds 10] [--rounds 3]
       [--batches 100,1] [--workers 2] [--variants token,none,loopback] [--profile DIR]

Each round starts a fresh server per variant (interleaved: token, none, loopback, token, ...),
blasts it for --seconds with --workers keep-alive clients re-sending a pool of 1,000 alerts
(batch alerts per POST), and reads the server's user+system CPU from /proc/PID/stat around
the blast. Prints requests/s and server CPU microseconds per request; the comparison that
matters on a shared machine is CPU per request, not wall-clock throughput. The summary gives
each variant's median and the median of the per-round differences from `none` (runs of one
round are minutes apart at most, so a change in the machine's load hits both sides alike).

With --profile DIR, `perf record -F 999 -g` samples every server during its blast (all variants,
so the sampling overhead is the same on each side) into DIR, and the summary adds the share of
samples spent authenticating (`auth_profile.py`; ~0 for `none`): a figure the load of other
processes does not move.
"""
import argparse, datetime, http.client, json, multiprocessing, os, shutil, signal, socket, statistics, subprocess, sys, tempfile, time

import auth_profile

CONFIG = """route: {receiver: blackhole, group_by: [alertname]}
receivers: [{name: blackhole}]
scrape: {self_scrape_interval: 0s}
%s
"""
VARIANTS = {
    "token": "auth: {mode: token, compat: {loopback_role: null}}",
    "none": "auth: {mode: none}",
    "loopback": "auth: {mode: token, compat: {loopback_role: operator}}",
}


def cpu_s(pid):
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker(args):
    w, port, seconds, batch, token = args
    start = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    bodies = []
    for k in range(1000 // batch if batch < 1000 else 1):
        alerts = [{"labels": {"alertname": "Bench%d" % (i % 10), "instance": "w%d-%d" % (w, i), "job": "bench"},
                   "annotations": {"summary": "synthetic"}, "startsAt": start}
                  for i in range(k * batch, (k + 1) * batch)]
        bodies.append(json.dumps(alerts).encode())
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    ok = bad = n = 0
    deadline = time.time() + seconds
    while time.time() < deadline:
        conn.request("POST", "/api/v2/alerts", bodies[n % len(bodies)], headers)
        r = conn.getresponse()
        r.read()
        n += 1
        if r.status == 200:
            ok += 1
        else:
            bad += 1
    conn.close()
    return ok, bad


def run_variant(vigil, variant, batch, seconds, workers, profile=None):
    work = tempfile.mkdtemp(prefix="vigil-auth-bench-")
    data = os.path.join(work, "data")
    config = os.path.join(work, "vigil.yml")
    open(config, "w").write(CONFIG % VARIANTS[variant])
    token = None
    if variant == "token":
        subprocess.run([vigil, "user", "add", "bench", "--role", "operator", "--data-dir", data], check=True, capture_output=True)
        token = subprocess.run([vigil, "token", "create", "--user", "bench", "--data-dir", data], check=True,
                               capture_output=True, text=True).stdout.strip()
    port = free_port()
    log = open(os.path.join(work, "server.log"), "w")
    server = subprocess.Popen([vigil, "serve", "--config", config, "--data-dir", data, "--listen", "127.0.0.1:%d" % port,
                               "--log-level", "warning"], stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                c.request("GET", "/-/ready")
                if c.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        # Warm-up: one short blast so first-request costs (connections, caches) are not measured.
        with multiprocessing.Pool(workers) as pool:
            pool.map(worker, [(w, port, 1, batch, token) for w in range(workers)])
        recorder = None
        if profile:
            samples = os.path.join(profile, "%s-batch%d-%d.data" % (variant, batch, time.time()))
            recorder = subprocess.Popen(["perf", "record", "-F", "999", "-g", "-o", samples, "-p", str(server.pid)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(0.5)  # perf attaches
        cpu0, t0 = cpu_s(server.pid), time.time()
        with multiprocessing.Pool(workers) as pool:
            results = pool.map(worker, [(w, port, seconds, batch, token) for w in range(workers)])
        wall, cpu = time.time() - t0, cpu_s(server.pid) - cpu0
        share = None
        if recorder:
            recorder.send_signal(signal.SIGINT)
            recorder.wait(60)
            share = auth_profile.auth_share(samples)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        shutil.rmtree(work, ignore_errors=True)
    ok = sum(r[0] for r in results)
    bad = sum(r[1] for r in results)
    if bad or not ok:
        sys.exit("%s: %d requests refused, %d accepted" % (variant, bad, ok))
    return dict(requests_per_s=ok / wall, cpu_us_per_request=cpu / ok * 1e6, auth_share=share)


def main():
    ap = argparse.ArgumentParser(description="Server CPU per POST /api/v2/alerts request with and without authentication.")
    ap.add_argument("--vigil", default=".build/release/vigil")
    ap.add_argument("--seconds", type=float, default=10, help="blast length per run")
    ap.add_argument("--rounds", type=int, default=3, help="runs per variant, interleaved")
    ap.add_argument("--batches", default="100,1", help="alerts per POST, one summary each")
    ap.add_argument("--workers", type=int, default=2, help="keep-alive clients")
    ap.add_argument("--variants", default=",".join(VARIANTS), help="among " + ",".join(VARIANTS) + "; none is the baseline")
    ap.add_argument("--profile", metavar="DIR", help="perf record every server into DIR; report the share of auth samples")
    a = ap.parse_args()
    variants = a.variants.split(",")
    if a.profile:
        os.makedirs(a.profile, exist_ok=True)
    if "none" not in variants or any(v not in VARIANTS for v in variants):
        sys.exit("--variants: pick from %s, including none" % ",".join(VARIANTS))
    print("load at start: %s (%d cores)" % (" ".join(open("/proc/loadavg").read().split()[:3]), os.cpu_count()))
    for batch in [int(b) for b in a.batches.split(",")]:
        runs = {v: [] for v in variants}
        for r in range(a.rounds):
            for v in variants:
                res = run_variant(a.vigil, v, batch, a.seconds, a.workers, a.profile)
                runs[v].append(res)
                share = "" if res["auth_share"] is None else "  auth %.2f%% of samples" % (res["auth_share"] * 100)
                print("batch %d round %d %-8s %8.0f req/s  %7.1f us server CPU/request%s" % (
                    batch, r + 1, v, res["requests_per_s"], res["cpu_us_per_request"], share), flush=True)
        print("\nbatch %d, %d rounds (medians; \"per round\" = median over rounds of that round's difference from none):" % (batch, a.rounds))
        print("| variant | req/s | server CPU µs/request | vs none | per round vs none |" + (" auth share of samples |" if a.profile else ""))
        print("| --- | --- | --- | --- | --- |" + (" --- |" if a.profile else ""))
        base = statistics.median(x["cpu_us_per_request"] for x in runs["none"])
        for v in variants:
            cpu = statistics.median(x["cpu_us_per_request"] for x in runs[v])
            rps = statistics.median(x["requests_per_s"] for x in runs[v])
            paired = statistics.median(x["cpu_us_per_request"] / n["cpu_us_per_request"] - 1 for x, n in zip(runs[v], runs["none"]))
            row = "| %s | %.0f | %.1f | %+.1f%% | %+.1f%% |" % (v, rps, cpu, (cpu / base - 1) * 100, paired * 100)
            if a.profile:
                row += " %.2f%% |" % (statistics.median(x["auth_share"] for x in runs[v]) * 100)
            print(row)
        print()
    print("load at end: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))


if __name__ == "__main__":
    main()
