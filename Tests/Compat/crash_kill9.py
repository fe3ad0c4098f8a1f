#!/usr/bin/env python3
"""Crash safety of the embedded store: two clients push samples through
POST /api/v1/import/prometheus while the server is killed with SIGKILL mid-stream; after a
restart on the same data directory every acknowledged sample must be there, and the store must
open cleanly. Usage: crash_kill9.py VIGIL_BINARY. 127.0.0.1:19675 only; bounded waits."""
import json, os, shutil, signal, subprocess, sys, tempfile, threading, time, urllib.parse, urllib.request

PORT = 19675
URL = f"http://127.0.0.1:{PORT}"
SERIES_PER_BATCH = 500


def start(vigil, datadir, log):
    proc = subprocess.Popen([vigil, "serve", "--data-dir", datadir, "--listen", f"127.0.0.1:{PORT}", "--log-level", "info"],
                            stdout=log, stderr=log)
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"FAIL: vigil exited with {proc.returncode} before it was ready")
        try:
            urllib.request.urlopen(URL + "/health", timeout=1).read()
            return proc
        except Exception:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("FAIL: vigil not ready in 60 s")


def main():
    vigil = os.path.realpath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/vigil")
    work = tempfile.mkdtemp(prefix="vigil-kill9-")
    datadir = os.path.join(work, "data")
    log = open(os.path.join(work, "serve.log"), "w")
    acked = {}          # batch id -> timestamp (ms)
    lock = threading.Lock()
    stop = threading.Event()
    t0 = int(time.time() * 1000)

    def client(worker):
        n = 0
        while not stop.is_set():
            batch = f"{worker}-{n}"
            ts = t0 + n
            body = "".join(f'crash_test{{batch="{batch}",s="{j}"}} {j} {ts}\n' for j in range(SERIES_PER_BATCH)).encode()
            try:
                request = urllib.request.Request(URL + "/api/v1/import/prometheus", data=body, method="POST")
                status = urllib.request.urlopen(request, timeout=10).status
                if status == 204:
                    with lock:
                        acked[batch] = ts
            except Exception:
                return  # the server died: this batch was never acknowledged
            n += 1

    proc = start(vigil, datadir, log)
    try:
        threads = [threading.Thread(target=client, args=(w,)) for w in range(2)]
        for t in threads:
            t.start()
        time.sleep(4)
        proc.send_signal(signal.SIGKILL)   # mid-stream: requests are in flight
        proc.wait(10)
        stop.set()
        for t in threads:
            t.join(15)
        with lock:
            acknowledged = dict(acked)
        if len(acknowledged) < 10:
            raise SystemExit(f"FAIL: only {len(acknowledged)} batches acknowledged before the kill; the test proves nothing")

        proc = start(vigil, datadir, log)
        missing = []
        for batch, ts in sorted(acknowledged.items()):
            query = urllib.parse.urlencode({"query": f'count(crash_test{{batch="{batch}"}})', "time": f"{ts / 1000:.3f}"})
            data = json.load(urllib.request.urlopen(f"{URL}/api/v1/query?{query}", timeout=30))
            result = data["data"]["result"]
            count = int(float(result[0]["value"][1])) if result else 0
            if count != SERIES_PER_BATCH:
                missing.append((batch, count))
        health = json.load(urllib.request.urlopen(URL + "/health", timeout=5))
        if missing:
            raise SystemExit(f"FAIL: {len(missing)} of {len(acknowledged)} acknowledged batches incomplete after kill -9, e.g. {missing[:3]}")
        if health.get("status") != "up":
            raise SystemExit(f"FAIL: store did not open cleanly: {health}")
        print(f"kill -9: all {len(acknowledged)} acknowledged batches ({len(acknowledged) * SERIES_PER_BATCH:,} samples) "
              f"present after restart; health {health['status']}")
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
