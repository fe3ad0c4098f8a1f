#!/usr/bin/env python3
"""Grafana's Prometheus data source contract: the JSON Vigil answers has the shape Prometheus 2.42
answers for the same request on the same data.

Debian's prometheus and Vigil scrape one static target (python's http.server serving a fixed
exposition) every second; then every request Grafana's data source makes (instant and range
queries by GET and form POST, series, labels, label values, metadata, buildinfo, and the errors it
shows to users) goes to both. For each: the HTTP status, the JSON skeleton (keys and value types,
recursively; timestamps and sample values are numbers and strings in both) and, where the data is
deterministic, the contents (series label sets, label names and values, metadata, result types,
error types) must be equal.

    python3 Tests/Compat/grafana_shapes.py [VIGIL_BINARY (default .build/debug/vigil)]

Ports: 19663 target, 19664 prometheus, 19665 vigil. Every wait is bounded (60 s in all); every
process started here is stopped on exit.
"""
import json, os, shutil, signal, subprocess, sys, tempfile, time, urllib.error, urllib.parse, urllib.request

TARGET, PROM, SUT = "127.0.0.1:19663", "127.0.0.1:19664", "127.0.0.1:19665"
EXPOSITION = """# HELP demo_requests_total Requests served.
# TYPE demo_requests_total counter
demo_requests_total{code="200",method="get"} 1027
demo_requests_total{code="500",method="get"} 3
# HELP demo_temperature_celsius Room temperature.
# TYPE demo_temperature_celsius gauge
demo_temperature_celsius{room="a"} 21.5
demo_temperature_celsius{room="b"} 19
# HELP demo_latency_seconds Latency.
# TYPE demo_latency_seconds histogram
demo_latency_seconds_bucket{le="0.1"} 5
demo_latency_seconds_bucket{le="1"} 8
demo_latency_seconds_bucket{le="+Inf"} 9
demo_latency_seconds_sum 3.2
demo_latency_seconds_count 9
# HELP demo_only_help Help without a type, with a backslash \\\\ and a \\n newline.
demo_only_help 1
# TYPE demo_untyped untyped
demo_untyped 2
"""
JOB = f"""  - job_name: demo
    scrape_interval: 1s
    scrape_timeout: 1s
    static_configs: [{{targets: ["{TARGET}"], labels: {{env: compat}}}}]
"""

def request(addr, path, params=None, post=False):
    """(status, parsed JSON) of a GET (or form POST) to addr."""
    data = None
    url = f"http://{addr}{path}"
    if params:
        encoded = urllib.parse.urlencode(params, doseq=True)
        if post: data = encoded.encode()
        else: url += "?" + encoded
    req = urllib.request.Request(url, data=data)
    if post: req.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")

def skeleton(v):
    """Keys and value types, recursively; a list by the union of its elements' skeletons."""
    if isinstance(v, dict): return {k: skeleton(v[k]) for k in sorted(v)}
    if isinstance(v, list):
        shapes = []
        for e in v:
            s = skeleton(e)
            if s not in shapes: shapes.append(s)
        return ["list", shapes]
    if isinstance(v, bool): return "bool"
    if isinstance(v, (int, float)): return "number"
    if v is None: return "null"
    return "string"

def contents(kind, body):
    """What must be equal beyond the shape, per kind of answer."""
    d = body.get("data") if isinstance(body, dict) else None
    if body.get("status") == "error": return ("error", body.get("errorType"))
    if kind == "query":
        rows = d["result"] if isinstance(d["result"], list) and d["resultType"] in ("vector", "matrix") else []
        metrics = sorted(json.dumps(r["metric"], sort_keys=True) for r in rows)
        return (d["resultType"], metrics, [len(r.get("values", [])) > 0 for r in rows].count(True) if d["resultType"] == "matrix" else None)
    if kind == "series": return sorted(json.dumps(s, sort_keys=True) for s in d)
    if kind in ("labels", "values"): return d
    if kind == "metadata": return {k: v for k, v in sorted(d.items()) if k.startswith("demo_")}
    return None

def main():
    vigil = os.path.realpath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/vigil")
    work = tempfile.mkdtemp()
    procs = []
    def stop(*_):
        for p in procs:
            if p.poll() is None: p.terminate()
        for p in procs:
            try: p.wait(timeout=10)
            except subprocess.TimeoutExpired: p.kill()
        shutil.rmtree(work, ignore_errors=True)
    signal.signal(signal.SIGTERM, lambda *_: (stop(), sys.exit(1)))
    try:
        os.makedirs(f"{work}/www")
        open(f"{work}/www/metrics", "w").write(EXPOSITION)
        open(f"{work}/prom.yml", "w").write("global: {scrape_interval: 1s}\nscrape_configs:\n" + JOB)
        open(f"{work}/vigil.yml", "w").write("route: {receiver: r}\nreceivers: [{name: r}]\nscrape: {self_scrape_interval: 0s}\nscrape_configs:\n" + JOB)
        log = lambda name: open(f"{work}/{name}.log", "w")
        procs.append(subprocess.Popen([sys.executable, "-m", "http.server", TARGET.split(":")[1], "--bind", "127.0.0.1"],
                                      cwd=f"{work}/www", stdout=log("http"), stderr=subprocess.STDOUT))
        procs.append(subprocess.Popen(["/usr/bin/prometheus", f"--config.file={work}/prom.yml", f"--storage.tsdb.path={work}/prom",
                                       f"--web.listen-address={PROM}"], stdout=log("prom"), stderr=subprocess.STDOUT))
        procs.append(subprocess.Popen([vigil, "serve", "--config", f"{work}/vigil.yml", "--data-dir", f"{work}/vigil",
                                       "--listen", SUT], stdout=log("vigil"), stderr=subprocess.STDOUT))
        deadline = time.time() + 60
        def ready(addr):
            try:
                s, b = request(addr, "/api/v1/query", {"query": 'count_over_time(up{job="demo"}[1m]) >= 3'})
                return s == 200 and b["data"]["result"] != []
            except Exception: return False
        while time.time() < deadline and not (ready(PROM) and ready(SUT)): time.sleep(0.2)
        if not (ready(PROM) and ready(SUT)):
            print("FAIL: prometheus or vigil did not scrape the target three times within 60 s")
            for name in ("prom", "vigil"): print(f"--- {name}.log"); print(open(f"{work}/{name}.log").read()[-2000:])
            return 1
        now = time.time()
        rng = {"start": f"{now - 20:.3f}", "end": f"{now:.3f}", "step": "2"}
        checks = [
            ("query", "/api/v1/query", {"query": 'demo_requests_total{job="demo"}', "time": f"{now:.3f}"}),
            ("query", "/api/v1/query", {"query": "sum by (code) (rate(demo_requests_total[5s]))", "time": f"{now:.3f}"}),
            ("query", "/api/v1/query", {"query": "1+1", "time": f"{now:.3f}"}),
            ("query", "/api/v1/query", {"query": '"grafana"', "time": f"{now:.3f}"}),
            ("query", "/api/v1/query", {"query": "demo_temperature_celsius[10s]", "time": f"{now:.3f}"}),
            ("query", "/api/v1/query", {"query": "histogram_quantile(0.9, sum by (le) (demo_latency_seconds_bucket))", "time": f"{now:.3f}"}),
            ("query", "/api/v1/query", {"query": "nothing_here", "time": f"{now:.3f}"}),
            ("query", "/api/v1/query_range", dict(rng, query="demo_temperature_celsius")),
            ("query", "/api/v1/query_range", dict(rng, query="sum(rate(demo_requests_total[5s]))")),
            ("query", "/api/v1/query_range", dict(rng, query="scalar(sum(up))")),
            ("query", "/api/v1/query_range", dict(rng, query="absent(nothing_here)")),
            ("series", "/api/v1/series", {"match[]": ['{job="demo"}'], "start": f"{now - 60:.3f}", "end": f"{now:.3f}"}),
            ("series", "/api/v1/series", {"match[]": ["demo_requests_total", "up"], "start": f"{now - 60:.3f}", "end": f"{now:.3f}"}),
            ("labels", "/api/v1/labels", {"start": f"{now - 60:.3f}", "end": f"{now:.3f}"}),
            ("labels", "/api/v1/labels", {"match[]": ["demo_temperature_celsius"], "start": f"{now - 60:.3f}", "end": f"{now:.3f}"}),
            ("values", "/api/v1/label/__name__/values", {"start": f"{now - 60:.3f}", "end": f"{now:.3f}"}),
            ("values", "/api/v1/label/room/values", {"match[]": ['demo_temperature_celsius{job="demo"}']}),
            ("values", "/api/v1/label/nonexistent/values", {}),
            ("metadata", "/api/v1/metadata", {}),
            ("metadata", "/api/v1/metadata", {"metric": "demo_latency_seconds"}),
            ("buildinfo", "/api/v1/status/buildinfo", {}),
            ("error", "/api/v1/query", {"query": "sum(rate(demo_requests_total[5m]) by (", "time": f"{now:.3f}"}),
            ("error", "/api/v1/query", {"query": "no_such_function(up)"}),
            ("error", "/api/v1/query", {"query": "up", "time": "yesterday"}),
            ("error", "/api/v1/query_range", dict(rng, query="up", step="0")),
            ("error", "/api/v1/query_range", dict(rng, query="up", step="0.0001")),
            ("error", "/api/v1/query_range", {"query": "up", "start": f"{now:.3f}", "end": f"{now - 60:.3f}", "step": "1"}),
            ("error", "/api/v1/query_range", {"query": "up"}),
        ]
        failed = 0
        for kind, path, params in checks:
            for post in ((False, True) if path in ("/api/v1/query", "/api/v1/query_range", "/api/v1/series", "/api/v1/labels") else (False,)):
                (ps, pb), (vs, vb) = request(PROM, path, params, post), request(SUT, path, params, post)
                what = f"{'POST' if post else 'GET'} {path} {json.dumps(params)[:110]}"
                problems = []
                if ps != vs: problems.append(f"status {vs}, prometheus {ps}")
                if skeleton(pb) != skeleton(vb): problems.append(f"shape\n    vigil      {json.dumps(skeleton(vb))[:600]}\n    prometheus {json.dumps(skeleton(pb))[:600]}")
                elif kind != "buildinfo" and contents(kind, pb) != contents(kind, vb):
                    problems.append(f"contents\n    vigil      {json.dumps(contents(kind, vb))[:600]}\n    prometheus {json.dumps(contents(kind, pb))[:600]}")
                if problems:
                    failed += 1
                    print(f"FAIL: {what}: " + "; ".join(problems))
                else:
                    print(f"ok: {what}")
        total = sum(2 if p in ("/api/v1/query", "/api/v1/query_range", "/api/v1/series", "/api/v1/labels") else 1 for _, p, _ in checks)
        print(f"grafana shapes: {total - failed} of {total} requests answer as Prometheus 2.42 does")
        return 1 if failed else 0
    finally:
        stop()

if __name__ == "__main__":
    sys.exit(main())
