#!/usr/bin/env python3
"""Rule evaluation benchmark: Vigil and Debian's Prometheus 2.42 evaluate the same rule groups
over the same data, one after the other. Reports each server's time per group evaluation
(Vigil: /api/v1/rules evaluationTime; Prometheus: prometheus_rule_group_last_duration_seconds)
and the ratio. Stdlib only; every process binds 127.0.0.1 and is killed at the end.

    # R synthetic alerting rules over N series, one group at 15 s
    python3 Benchmarks/rule_eval.py --vigil .build/release/vigil --series 100000 --rules 1000
    # the seeds' groups over peer-bench's generated seed metrics (N series, 2 h ending in the future)
    python3 Benchmarks/rule_eval.py --vigil .build/release/vigil --series 100000 --seeds
"""
import argparse, glob, json, os, random, re, shutil, signal, statistics, subprocess, sys, tempfile, time, urllib.request

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


def run_vigil(args, work, rule_files, data_files):
    config = os.path.join(work, "vigil.yml")
    with open(config, "w") as f:
        files = ", ".join(f"'{r}'" for r in rule_files)
        f.write(f"route: {{receiver: blackhole}}\nreceivers: [{{name: blackhole}}]\nrule_files: [{files}]\n"
                f"rules: {{evaluation_interval: 15s}}\n")
    datadir = os.path.join(work, "vigil-data")
    log = open(os.path.join(work, "vigil.log"), "w")
    proc = subprocess.Popen([args.vigil, "serve", "--config", config, "--data-dir", datadir, "--listen", "127.0.0.1:19711",
                             "--log-level", "warning", "--promql-compat", "prometheus2"], stdout=log, stderr=log)
    try:
        wait_ready("http://127.0.0.1:19711/health", proc)
        t0 = time.time()
        for data in data_files:
            with open(data, "rb") as body:
                request = urllib.request.Request("http://127.0.0.1:19711/api/v1/import/prometheus", data=body, method="POST",
                                                 headers={"Content-Length": str(os.path.getsize(data))})
                urllib.request.urlopen(request, timeout=1200).read()
        print(f"vigil: imported {len(data_files)} file(s) in {time.time() - t0:.1f} s", flush=True)
        return sample(args, proc, vigil_durations)
    finally:
        stop(proc)


def vigil_durations():
    """{group: (lastEvaluation, seconds)}, alerts, errors."""
    body = json.loads(get("http://127.0.0.1:19711/api/v1/rules"))
    groups, alerts, errors = {}, 0, []
    for group in body["data"]["groups"]:
        groups[group["name"]] = (group["lastEvaluation"], group["evaluationTime"])
        alerts += sum(len(r.get("alerts", [])) for r in group["rules"])
        errors += [r.get("lastError") for r in group["rules"] if r.get("health") == "err"]
    return groups, alerts, errors


def prom_durations():
    text = get("http://127.0.0.1:19712/metrics").decode()
    durations, lasts = {}, {}
    for line in text.splitlines():
        match = re.match(r'prometheus_rule_group_last_(duration_seconds|evaluation_timestamp_seconds)\{rule_group="[^"]*;([^"]*)"\} (\S+)', line)
        if match:
            (durations if match.group(1) == "duration_seconds" else lasts)[match.group(2)] = match.group(3)
    groups = {name: (lasts.get(name), float(value)) for name, value in durations.items()}
    alerts = json.loads(get("http://127.0.0.1:19712/api/v1/alerts"))["data"]["alerts"]
    return groups, len(alerts), []


def epoch(value):
    """A group's last evaluation start as Unix seconds: Prometheus gives seconds, Vigil RFC 3339."""
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        text = str(value).rstrip("Z")
        whole, _, fraction = text.partition(".")
        base = time.mktime(time.strptime(whole, "%Y-%m-%dT%H:%M:%S")) - time.timezone
        return base + (float("0." + fraction) if fraction else 0.0)


def sample(args, proc, read):
    """Reads each group's last duration for args.seconds, keeping the evaluations that started
    after the data was loaded (sampling starts then), however slow they are."""
    seen, durations, cpu0, t0 = {}, {}, cpu_seconds(proc.pid), time.time()
    alerts, errors = 0, []
    while time.time() - t0 < args.seconds:
        time.sleep(1)
        try:
            groups, alerts, errors = read()
        except Exception:
            continue
        for name, (last, duration) in groups.items():
            started = epoch(last)
            if started is None or last == seen.get(name) or not duration:
                continue
            seen[name] = last
            if started >= t0:
                durations.setdefault(name, []).append(duration)
    cpu = cpu_seconds(proc.pid) - cpu0
    return {"durations": durations, "alerts": alerts, "errors": errors[:3], "cpu_per_second": cpu / (time.time() - t0)}


def run_prometheus(args, work, rule_files, data_files):
    tsdb = os.path.join(work, "prom-data")
    t0 = time.time()
    for data in data_files:
        subprocess.run(["promtool", "tsdb", "create-blocks-from", "openmetrics", data, tsdb], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"prometheus: backfilled in {time.time() - t0:.1f} s", flush=True)
    config = os.path.join(work, "prom.yml")
    with open(config, "w") as f:
        files = ", ".join(f"'{r}'" for r in rule_files)
        f.write(f"global: {{evaluation_interval: 15s}}\nrule_files: [{files}]\n")
    log = open(os.path.join(work, "prom.log"), "w")
    proc = subprocess.Popen(["prometheus", f"--config.file={config}", f"--storage.tsdb.path={tsdb}",
                             "--web.listen-address=127.0.0.1:19712", "--storage.tsdb.retention.time=30d"], stdout=log, stderr=log)
    try:
        wait_ready("http://127.0.0.1:19712/-/ready", proc, seconds=300)
        return sample(args, proc, prom_durations)
    finally:
        stop(proc)


def seed_dataset(args, work):
    """The seeds' metric families from peer-bench's generator: 2 h ending 10 minutes from now."""
    generator = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "peer-bench", "gen_openmetrics.py")
    outdir = os.path.join(work, "om")
    end = int(time.time()) // STEP * STEP + 600
    subprocess.run([sys.executable, generator, "--series", str(args.series), "--hours", "2", "--end", str(end), "--outdir", outdir],
                   check=True, stdout=subprocess.DEVNULL)
    return sorted(glob.glob(os.path.join(outdir, "*.om")))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--vigil", required=True)
    parser.add_argument("--series", type=int, default=100_000)
    parser.add_argument("--rules", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=90, help="how long to sample each server")
    parser.add_argument("--no-prometheus", action="store_true")
    parser.add_argument("--seeds", action="store_true", help="the seeds' groups over peer-bench's seed metrics instead")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="vigil-rulebench-")
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        if args.seeds:
            rule_files = [os.path.join(repo, "examples/rules/000-attribution-enforcement.yml"),
                          os.path.join(repo, "..", "shared", "peer-bench", "rules", "attribution.rules.yml")]
            data_files = seed_dataset(args, work)
            title = f"the seeds' groups over peer-bench's seed metrics, N={args.series:,}, 2 h at 15 s"
        else:
            rule_files = [os.path.join(work, "bench.rules.yml")]
            write_rules(rule_files[0], args.series, args.rules)
            now = int(time.time()) // STEP * STEP
            data_files = [os.path.join(work, "data.om")]
            write_data(data_files[0], args.series, now - 15 * 60, now + 10 * 60, openmetrics=True)
            title = f"{args.rules} alerting rules over {args.series:,} series, one group, interval 15 s"
        results = {"vigil": run_vigil(args, work, rule_files, data_files)}
        if not args.no_prometheus and shutil.which("prometheus"):
            results["prometheus"] = run_prometheus(args, work, rule_files, data_files)
        print(f"\n{title}")
        groups = sorted(set().union(*(r["durations"].keys() for r in results.values())))
        for group in groups:
            medians = {}
            for name, r in results.items():
                d = r["durations"].get(group, [])
                if not d:
                    print(f"{group:28s} {name:10s} no completed evaluation seen; errors {r['errors']}")
                    continue
                medians[name] = statistics.median(d)
                print(f"{group:28s} {name:10s} median {medians[name] * 1000:,.1f} ms, max {max(d) * 1000:,.1f} ms over {len(d)} evaluations")
            if len(medians) == 2:
                print(f"{group:28s} Prometheus time / Vigil time = {medians['prometheus'] / medians['vigil']:.2f}")
        for name, r in results.items():
            print(f"{name:10s} {r['alerts']} alerts active; server CPU {r['cpu_per_second']:.2f} cores; errors {r['errors']}")
        print(json.dumps(results))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
