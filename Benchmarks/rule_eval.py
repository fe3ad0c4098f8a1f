#!/usr/bin/env python3
"""Rule evaluation benchmark: R alerting rules over N series, one group at 15 s, evaluated by
Vigil and by Debian's Prometheus 2.42 on the same data. Reports each server's time per group
evaluation (Vigil: /api/v1/rules evaluationTime; Prometheus: prometheus_rule_group_last_duration_seconds)
and the ratio. Stdlib only; every process binds 127.0.0.1 and is killed at the end.

    python3 Benchmarks/rule_eval.py --vigil .build/release/vigil --series 100000 --rules 1000
"""
import argparse, json, os, random, re, shutil, signal, statistics, subprocess, sys, tempfile, time, urllib.request

STEP = 15


def series_labels(n):
    services = max(1, n // 1000)
    for i in range(n):
        yield f'service="svc-{i % services:03d}",instance="i-{i // services:04d}"'


def write_data(path, n, start, end, openmetrics):
    rng = random.Random(42)
    rates = [rng.uniform(0.5, 20.0) for _ in range(n)]
    labels = list(series_labels(n))
    with open(path, "w") as out:
        if openmetrics:
            out.write("# TYPE bench_requests counter\n")
        for t in range(start, end + 1, STEP):
            ts = str(t) if openmetrics else str(t * 1000)
            lines = []
            for i in range(n):
                value = (t - start) * rates[i]
                name = "bench_requests_total"
                lines.append(f"{name}{{{labels[i]}}} {value:.3f} {ts}\n")
            out.write("".join(lines))
        if openmetrics:
            out.write("# EOF\n")


def write_rules(path, n, rules):
    services = max(1, n // 1000)
    with open(path, "w") as out:
        out.write("groups:\n  - name: bench\n    interval: 15s\n    rules:\n")
        for k in range(rules):
            service = f"svc-{k % services:03d}"
            if k % 2 == 0:
                # about one in ten of these fires: per-service request rate above a threshold
                threshold = 10500 if k % 10 else 5000
                expr = f'sum by (service) (rate(bench_requests_total{{service="{service}"}}[5m])) > {threshold}'
            else:
                expr = f'rate(bench_requests_total{{service="{service}",instance=~"i-00[0-4].*"}}[5m]) > 19.9'
            out.write(f"      - alert: Bench{k}\n        expr: '{expr}'\n        for: 1m\n"
                      f"        labels: {{severity: warning}}\n"
                      f"        annotations: {{summary: '{{{{ $labels.service }}}} at {{{{ $value | humanize }}}}'}}\n")


def get(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


def wait_ready(url, proc, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited early: {url}")
        try:
            get(url, timeout=2)
            return
        except Exception:
            time.sleep(0.2)
    raise SystemExit(f"not ready: {url}")


def stop(proc):
    if proc and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_vigil(args, work, rules_file, start, end):
    data = os.path.join(work, "vigil.txt")
    write_data(data, args.series, start, end, openmetrics=False)
    config = os.path.join(work, "vigil.yml")
    with open(config, "w") as f:
        f.write(f"route: {{receiver: blackhole}}\nreceivers: [{{name: blackhole}}]\nrule_files: ['{rules_file}']\n"
                f"rules: {{evaluation_interval: 15s}}\n")
    datadir = os.path.join(work, "vigil-data")
    log = open(os.path.join(work, "vigil.log"), "w")
    proc = subprocess.Popen([args.vigil, "serve", "--config", config, "--data-dir", datadir, "--listen", "127.0.0.1:19711",
                             "--log-level", "warning", "--promql-compat", "prometheus2"], stdout=log, stderr=log)
    try:
        wait_ready("http://127.0.0.1:19711/health", proc)
        t0 = time.time()
        with open(data, "rb") as body:
            request = urllib.request.Request("http://127.0.0.1:19711/api/v1/import/prometheus", data=body, method="POST",
                                             headers={"Content-Length": str(os.path.getsize(data))})
            urllib.request.urlopen(request, timeout=600).read()
        print(f"vigil: imported {args.series * ((end - start) // STEP + 1):,} samples in {time.time() - t0:.1f} s", flush=True)
        return sample(args, proc, lambda: vigil_durations())
    finally:
        stop(proc)


def vigil_durations():
    body = json.loads(get("http://127.0.0.1:19711/api/v1/rules"))
    group = body["data"]["groups"][0]
    alerts = sum(len(r.get("alerts", [])) for r in group["rules"])
    errors = [r.get("lastError") for r in group["rules"] if r.get("health") == "err"]
    return group["lastEvaluation"], group["evaluationTime"], alerts, errors


def prom_durations():
    text = get("http://127.0.0.1:19712/metrics").decode()
    duration = last = None
    for line in text.splitlines():
        if line.startswith("prometheus_rule_group_last_duration_seconds{"):
            duration = float(line.rsplit(" ", 1)[1])
        if line.startswith("prometheus_rule_group_last_evaluation_timestamp_seconds{"):
            last = line.rsplit(" ", 1)[1]
    alerts = json.loads(get("http://127.0.0.1:19712/api/v1/alerts"))["data"]["alerts"]
    return last, duration, len(alerts), []


def sample(args, proc, read):
    """Reads the group's last duration after each new evaluation, for args.seconds."""
    seen, durations, cpu0, t0 = None, [], cpu_seconds(proc.pid), time.time()
    alerts, errors = 0, []
    while time.time() - t0 < args.seconds:
        time.sleep(1)
        try:
            last, duration, alerts, errors = read()
        except Exception:
            continue
        if last and last != seen and duration:
            if seen is not None:  # skip the first (may have run before the data was complete)
                durations.append(duration)
            seen = last
    cpu = cpu_seconds(proc.pid) - cpu0
    return {"durations": durations, "alerts": alerts, "errors": errors[:3], "cpu_per_second": cpu / (time.time() - t0)}


def run_prometheus(args, work, rules_file, start, end):
    data = os.path.join(work, "prom.om")
    write_data(data, args.series, start, end, openmetrics=True)
    tsdb = os.path.join(work, "prom-data")
    t0 = time.time()
    subprocess.run(["promtool", "tsdb", "create-blocks-from", "openmetrics", data, tsdb], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"prometheus: backfilled in {time.time() - t0:.1f} s", flush=True)
    config = os.path.join(work, "prom.yml")
    with open(config, "w") as f:
        f.write(f"global: {{evaluation_interval: 15s}}\nrule_files: ['{rules_file}']\n")
    log = open(os.path.join(work, "prom.log"), "w")
    proc = subprocess.Popen(["prometheus", f"--config.file={config}", f"--storage.tsdb.path={tsdb}",
                             "--web.listen-address=127.0.0.1:19712", "--storage.tsdb.retention.time=30d"], stdout=log, stderr=log)
    try:
        wait_ready("http://127.0.0.1:19712/-/ready", proc, seconds=300)
        return sample(args, proc, prom_durations)
    finally:
        stop(proc)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--vigil", required=True)
    parser.add_argument("--series", type=int, default=100_000)
    parser.add_argument("--rules", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=90, help="how long to sample each server")
    parser.add_argument("--no-prometheus", action="store_true")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="vigil-rulebench-")
    try:
        rules_file = os.path.join(work, "bench.rules.yml")
        write_rules(rules_file, args.series, args.rules)
        now = int(time.time()) // STEP * STEP
        start, end = now - 15 * 60, now + 10 * 60
        results = {"vigil": run_vigil(args, work, rules_file, start, end)}
        if not args.no_prometheus and shutil.which("prometheus"):
            now = int(time.time()) // STEP * STEP
            results["prometheus"] = run_prometheus(args, work, rules_file, now - 15 * 60, now + 10 * 60)
        print(f"\n{args.rules} alerting rules over {args.series:,} series, one group, interval 15 s")
        for name, r in results.items():
            d = r["durations"]
            if not d:
                print(f"{name:10s} no completed evaluation seen; errors {r['errors']}")
                continue
            print(f"{name:10s} per evaluation: median {statistics.median(d) * 1000:,.0f} ms, max {max(d) * 1000:,.0f} ms "
                  f"over {len(d)} evaluations; {r['alerts']} alerts active; server CPU {r['cpu_per_second']:.2f} cores; errors {r['errors']}")
        if "prometheus" in results and results["prometheus"]["durations"] and results["vigil"]["durations"]:
            ratio = statistics.median(results["prometheus"]["durations"]) / statistics.median(results["vigil"]["durations"])
            print(f"Prometheus time / Vigil time = {ratio:.2f}")
        print(json.dumps(results))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
