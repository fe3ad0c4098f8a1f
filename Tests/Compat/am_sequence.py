#!/usr/bin/env python3
"""Black-box notification-sequence comparison between two Alertmanager-compatible servers.

Server A (reference, default: Debian prometheus-alertmanager 0.25) and server B (system under
test) are started concurrently with the SAME Alertmanager-format config (only the webhook sink
URL and listen address differ). The same timed alert sequence (alert POSTs, silence
create/expire) is played against both at the same wall-clock instants, every webhook
notification is recorded by a per-server sink, and the two recordings are compared:

  * same set of (receiver, groupKey) groups,
  * per group, the same notifications in the same order, compared on status and on the set of
    (alert label set, alert status),
  * each B notification received within --tolerance seconds (default 0.5) of the matching A
    notification (times relative to the scenario start, which is shared by both runs).

Other payload fields (startsAt precision, endsAt "0001-01-01T00:00:00Z" for firing alerts,
fingerprint, externalURL, annotations, ...) are not compared unless --strict is given.

Python 3 stdlib only. Usage: am_sequence.py --help
"""

import argparse
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_REF_CMD = ("prometheus-alertmanager --config.file={config} --storage.path={datadir} "
                   "--web.listen-address={listen} --cluster.listen-address=")

HOST = "127.0.0.1"
READY_TIMEOUT_S = 30.0
HTTP_TIMEOUT_S = 5.0

# ----------------------------------------------------------------------------------------------
# Scenarios
#
# Each scenario: a config template (placeholders ${SINK_URL} = base URL of this server's
# webhook sink, no trailing slash; ${LISTEN} = HOST:PORT the server listens on), a list of timed
# steps (offset seconds from scenario start t0, action), and a total duration after which
# recording stops. Alert specs: labels, optional annotations, optional 'starts'/'ends' offsets
# in seconds relative to t0 (startsAt defaults to the step's own offset; endsAt omitted if not
# given, i.e. the alert is firing). All wall-clock timestamps are computed ONCE per step and
# sent identically to both servers.
#
# The "expect" comments document what Alertmanager 0.25 does (observed, see README.md).
# ----------------------------------------------------------------------------------------------


def A(labels, ends=None, starts=None, annotations=None):
    d = {"labels": labels}
    if ends is not None:
        d["ends"] = ends
    if starts is not None:
        d["starts"] = starts
    if annotations is not None:
        d["annotations"] = annotations
    return d


def post(*alerts):
    return ("post", list(alerts))


def silence(name, matchers, duration_s=3600, comment="compat"):
    return ("silence", {"name": name, "matchers": matchers, "duration": duration_s,
                        "comment": comment})


def expire(name):
    return ("expire", {"name": name})


WEBHOOK = """
  - name: {name}
    webhook_configs:
      - url: '${{SINK_URL}}/{name}'
        send_resolved: {send_resolved}
"""


def receivers(*names, send_resolved=None):
    send_resolved = send_resolved or {}
    out = "receivers:\n"
    for n in names:
        out += WEBHOOK.format(name=n, send_resolved=str(send_resolved.get(n, True)).lower())
    return out


SCENARIOS = []


def scenario(name, duration, config, steps, doc):
    SCENARIOS.append({"name": name, "duration": duration, "config": config, "steps": steps,
                      "doc": doc})


# 1. Grouping / group_wait / group_interval / repeat_interval ---------------------------------
scenario(
    "grouping", 25.0,
    """
route:
  receiver: grp
  group_by: [alertname]
  group_wait: 2s
  group_interval: 4s
  repeat_interval: 12s
""" + receivers("grp"),
    [
        (0.0, post(A({"alertname": "Grp", "instance": "i1"}, annotations={"summary": "one"}))),
        (0.2, post(A({"alertname": "Grp2", "instance": "x"}))),
        (0.6, post(A({"alertname": "Grp", "instance": "i2"}))),
        (1.2, post(A({"alertname": "Grp", "instance": "i3"}),
                   # re-post of an existing alert: must not create a second entry
                   A({"alertname": "Grp", "instance": "i1"}, annotations={"summary": "one"}))),
        # startsAt older than group_wait: a NEW group is flushed immediately on insert
        (1.0, post(A({"alertname": "Old", "instance": "o1"}, starts=-60.0))),
        # new alert during group_interval: sent at the next group_interval tick (t=6)
        (3.0, post(A({"alertname": "Grp", "instance": "i4"}))),
    ],
    "Grp: 2 {i1,i2,i3}; 6 {+i4}; repeat at 22 (first tick strictly more than "
    "repeat_interval after the last send, not 18). Grp2: 2.2, repeat 18.2. "
    "Old (startsAt 60s ago): flushed on insert at 1.0, repeat 17.",
)

# 2. Inhibition ---------------------------------------------------------------------------------
scenario(
    "inhibition", 12.0,
    """
route:
  receiver: inh
  group_by: [alertname]
  group_wait: 2s
  group_interval: 4s
  repeat_interval: 1h
inhibit_rules:
  - source_matchers: [severity="critical"]
    target_matchers: [severity="warning"]
    equal: [cluster]
""" + receivers("inh"),
    [
        (0.0, post(A({"alertname": "NodeDown", "severity": "critical", "cluster": "a"}),
                   A({"alertname": "HighLatency", "severity": "warning", "cluster": "a"}),
                   A({"alertname": "HighLatency", "severity": "warning", "cluster": "b"}),
                   A({"alertname": "HighLatency", "severity": "info", "cluster": "a"}),
                   # missing 'equal' label on both sides: equal-on-empty => inhibited? (AM: yes)
                   A({"alertname": "NoCluster", "severity": "critical"}),
                   A({"alertname": "NoClusterW", "severity": "warning"}))),
        # resolve the cluster=a source (endsAt in the past): target a un-inhibited at tick 6
        (3.0, post(A({"alertname": "NodeDown", "severity": "critical", "cluster": "a"},
                     starts=0.0, ends=2.0))),
        # new source for cluster=b: target b muted at tick 10 -> firing set is a subset of
        # the last notification -> AM sends nothing
        (7.0, post(A({"alertname": "ClusterDown", "severity": "critical", "cluster": "b"}))),
    ],
    "HighLatency: 2 {warning/b, info/a}; 6 {warning/a, warning/b, info/a}; nothing at 10. "
    "NodeDown: 2 firing, 6 resolved. ClusterDown: 9. NoClusterW never (inhibited).",
)

# 3. Silences -----------------------------------------------------------------------------------
scenario(
    "silence", 16.0,
    """
route:
  receiver: sil
  group_by: [alertname]
  group_wait: 2s
  group_interval: 4s
  repeat_interval: 1h
""" + receivers("sil"),
    [
        (0.0, silence("db", [{"name": "alertname", "value": "Maint", "isRegex": False,
                              "isEqual": True},
                             {"name": "instance", "value": "db.*", "isRegex": True,
                              "isEqual": True}])),
        (0.5, post(A({"alertname": "Maint", "instance": "db1"}),
                   A({"alertname": "Maint", "instance": "db2"}),
                   A({"alertname": "Maint", "instance": "web1"}))),
        # expire via DELETE /api/v2/silence/{id}: db1, db2 notified at tick 6.5
        (4.0, expire("db")),
        # silence web1 mid-group: firing set shrinks to a subset -> nothing at tick 10.5
        (7.0, silence("web", [{"name": "instance", "value": "web1", "isRegex": False,
                               "isEqual": True}])),
        # resolve db1: tick 14.5 sends db1 resolved + db2 firing (web1 muted, not included)
        (11.0, post(A({"alertname": "Maint", "instance": "db1"}, starts=0.5, ends=10.5))),
    ],
    "Maint: 2.5 {web1}; 6.5 {db1,db2,web1}; nothing at 10.5; 14.5 {db1 resolved, db2}.",
)

# 4. Resolution -----------------------------------------------------------------------------------
scenario(
    "resolution", 12.0,
    """
route:
  receiver: res-on
  group_by: [alertname]
  group_wait: 2s
  group_interval: 4s
  repeat_interval: 1h
  routes:
    - receiver: res-on
      matchers: [alertname="Res"]
      continue: true
    - receiver: res-off
      matchers: [alertname="Res"]
""" + receivers("res-on", "res-off", send_resolved={"res-off": False}),
    [
        (0.0, post(A({"alertname": "Res", "instance": "r1"}),
                   A({"alertname": "Res", "instance": "r2"}),
                   # already resolved when first posted: never notified
                   A({"alertname": "Ghost", "instance": "g1"}, starts=-30.0, ends=-10.0))),
        # r1 resolved with endsAt in the past
        (3.0, post(A({"alertname": "Res", "instance": "r1"}, starts=0.0, ends=2.5))),
        # r2 gets an endsAt in the near future: resolves by itself at t=8.5
        (7.0, post(A({"alertname": "Res", "instance": "r2"}, starts=0.0, ends=8.5))),
    ],
    "res-on: 2 firing {r1,r2}; 6 firing {r1 resolved, r2}; 10 resolved {r2}. "
    "res-off (send_resolved: false): only 2.",
)

# 5. Routing --------------------------------------------------------------------------------------
scenario(
    "routing", 7.0,
    """
route:
  receiver: default
  group_by: [alertname]
  group_wait: 1s
  group_interval: 4s
  repeat_interval: 1h
  routes:
    - receiver: team-db
      matchers: [team="db"]
      group_by: ['...']
      continue: true
      routes:
        - receiver: db-critical
          matchers: ['severity=~"crit.*"']
    - receiver: team-any
      matchers: ['team=~"db|web"', 'env!="staging"']
      continue: true
    - receiver: not-web
      matchers: ['team!~"web|ops"', 'alertname=~"Route.*"']
    - receiver: ops
      match:
        team: ops
      group_by: [alertname, instance]
""" + receivers("default", "team-db", "db-critical", "team-any", "not-web", "ops"),
    [
        (0.0, post(A({"alertname": "RouteA", "team": "db", "severity": "critical", "env": "prod"}),
                   A({"alertname": "RouteB", "team": "db", "severity": "warning",
                      "env": "staging"}),
                   A({"alertname": "RouteC", "team": "web", "env": "prod"}),
                   A({"alertname": "RouteD", "team": "ops", "instance": "a"}),
                   A({"alertname": "RouteD", "team": "ops", "instance": "b"}),
                   A({"alertname": "Other", "team": "none"}),
                   A({"alertname": "RouteE"}))),
        (0.3, post(A({"alertname": "RouteA", "team": "db", "severity": "critical",
                      "env": "prod", "instance": "2"}))),
        (2.5, post(A({"alertname": "RouteC", "team": "web", "env": "dev", "instance": "late"}),
                   A({"alertname": "RouteF", "team": "web", "env": "prod"}))),
    ],
    "db-critical gets two RouteA groups (group_by ...), team-db gets RouteB, team-any gets "
    "RouteA/RouteC/RouteF, not-web gets RouteA/RouteB/RouteE, ops gets RouteD per instance, "
    "default gets Other; RouteC late alert at tick 5.",
)

# ----------------------------------------------------------------------------------------------
# Infrastructure
# ----------------------------------------------------------------------------------------------

_PROCS = []          # Popen objects to kill on exit
_PROCS_LOCK = threading.Lock()


def log(msg):
    print(msg, flush=True)


def iso(ts):
    """Wall-clock seconds -> RFC3339 with milliseconds, UTC."""
    dt = datetime.fromtimestamp(ts, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (dt.microsecond // 1000)


def http(method, url, body=None, timeout=HTTP_TIMEOUT_S):
    data = None
    headers = {}
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


class Sink:
    """Webhook sink recording (t_rel, path, payload) for every POST."""

    def __init__(self, port, delay=0.0):
        self.port = port
        self.delay = delay
        self.records = []
        self.lock = threading.Lock()
        self.t0 = None  # monotonic reference, set when the scenario starts
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                t = time.monotonic()
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n) if n else b""
                try:
                    payload = json.loads(raw.decode("utf-8"))
                except Exception:
                    payload = {"_unparseable": raw.decode("utf-8", "replace")}
                with sink.lock:
                    rel = (t - sink.t0) if sink.t0 is not None else float("nan")
                    sink.records.append((rel, self.path, payload))
                if sink.delay > 0:
                    time.sleep(sink.delay)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *a):
                pass

        class Srv(ThreadingHTTPServer):
            # default backlog (5) drops SYNs when many groups flush at once -> 1 s retransmit
            request_queue_size = 256
            daemon_threads = True
            allow_reuse_address = True

        self.httpd = Srv((HOST, port), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                       daemon=True)
        self.thread.start()

    @property
    def url(self):
        return "http://%s:%d" % (HOST, self.port)

    def snapshot(self):
        with self.lock:
            return list(self.records)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class Server:
    def __init__(self, label, cmd_template, port, sink, config_text, workdir):
        self.label = label
        self.port = port
        self.listen = "%s:%d" % (HOST, port)
        self.base = "http://" + self.listen
        self.sink = sink
        self.dir = os.path.join(workdir, label)
        self.datadir = os.path.join(self.dir, "data")
        os.makedirs(self.datadir, exist_ok=True)
        self.config = os.path.join(self.dir, "config.yml")
        with open(self.config, "w") as f:
            f.write(config_text.replace("${SINK_URL}", sink.url).replace("${LISTEN}", self.listen))
        cmd = (cmd_template.replace("{config}", self.config).replace("{datadir}", self.datadir)
               .replace("{listen}", self.listen).replace("{port}", str(port)))
        self.argv = shlex.split(cmd)
        self.logpath = os.path.join(self.dir, "server.log")
        self.proc = None
        self.silences = {}

    def start(self):
        logf = open(self.logpath, "wb")
        with _PROCS_LOCK:
            self.proc = subprocess.Popen(self.argv, stdout=logf, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
            _PROCS.append(self.proc)
        logf.close()

    def wait_ready(self, timeout=READY_TIMEOUT_S):
        deadline = time.monotonic() + timeout
        paths = ["/-/ready", "/api/v2/status", "/health"]
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited with %s before becoming ready\n%s"
                                   % (self.label, self.proc.returncode, self.log_tail()))
            for p in paths:
                try:
                    st, _ = http("GET", self.base + p, timeout=1.0)
                    if st == 200:
                        return
                except Exception:
                    pass
            time.sleep(0.1)
        raise RuntimeError("%s not ready after %.0fs (polled %s)\n%s"
                           % (self.label, timeout, ", ".join(paths), self.log_tail()))

    def log_tail(self, n=30):
        try:
            with open(self.logpath, "r", errors="replace") as f:
                lines = f.readlines()
            return "---- %s log tail (%s) ----\n%s" % (self.label, self.logpath,
                                                      "".join(lines[-n:]))
        except OSError:
            return ""

    def stop(self):
        if self.proc is not None:
            kill_proc(self.proc)


def kill_proc(p, grace=5.0):
    if p.poll() is not None:
        return
    try:
        os.killpg(p.pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        p.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            p.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass


def kill_all():
    with _PROCS_LOCK:
        procs = list(_PROCS)
        _PROCS.clear()
    for p in procs:
        kill_proc(p)


# ----------------------------------------------------------------------------------------------
# Step execution
# ----------------------------------------------------------------------------------------------

def render_alerts(alerts, t0_wall, step_off):
    out = []
    for a in alerts:
        d = {"labels": a["labels"], "annotations": a.get("annotations", {}),
             "generatorURL": "http://compat.invalid/graph",
             "startsAt": iso(t0_wall + a.get("starts", step_off))}
        if "ends" in a:
            d["endsAt"] = iso(t0_wall + a["ends"])
        out.append(d)
    return out


def do_action(server, kind, arg, rendered):
    """Executes one action against one server; returns error string or None."""
    if kind == "post":
        st, body = http("POST", server.base + "/api/v2/alerts", rendered)
        if st != 200:
            return "POST /api/v2/alerts -> %s %s" % (st, body.strip()[:300])
    elif kind == "silence":
        st, body = http("POST", server.base + "/api/v2/silences", rendered)
        if st != 200:
            return "POST /api/v2/silences -> %s %s" % (st, body.strip()[:300])
        try:
            server.silences[arg["name"]] = json.loads(body)["silenceID"]
        except Exception as e:
            return "POST /api/v2/silences: bad response %r (%s)" % (body[:300], e)
    elif kind == "expire":
        sid = server.silences.get(arg["name"])
        if sid is None:
            return "no silence id recorded for %r" % arg["name"]
        st, body = http("DELETE", server.base + "/api/v2/silence/" + sid)
        if st != 200:
            return "DELETE /api/v2/silence/%s -> %s %s" % (sid, st, body.strip()[:300])
    else:
        return "unknown action %r" % kind
    return None


def run_step(servers, kind, arg, t0_wall, step_off):
    if kind == "post":
        rendered = render_alerts(arg, t0_wall, step_off)
    elif kind == "silence":
        now = t0_wall + step_off
        rendered = {"matchers": arg["matchers"], "startsAt": iso(now),
                    "endsAt": iso(now + arg["duration"]), "createdBy": "compat-harness",
                    "comment": arg["comment"]}
    else:
        rendered = None
    errors = [None] * len(servers)

    def worker(i):
        try:
            errors[i] = do_action(servers[i], kind, arg, rendered)
        except Exception as e:  # network errors etc.
            errors[i] = "%s: %s" % (type(e).__name__, e)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(servers))]
    for t in threads:
        t.start()
    for i, t in enumerate(threads):
        t.join(timeout=HTTP_TIMEOUT_S + 2)
        if t.is_alive():
            errors[i] = "request did not complete within %.0fs" % (HTTP_TIMEOUT_S + 2)
    return [(servers[i].label, e) for i, e in enumerate(errors) if e]


# ----------------------------------------------------------------------------------------------
# Comparison
# ----------------------------------------------------------------------------------------------

def group_key_of(payload, mode):
    gk = payload.get("groupKey", "")
    if mode == "labels":
        # keep only the group-labels part after the route key: "{...}/{...}:{a="b"}"
        idx = gk.rfind(":{")
        if idx >= 0:
            gk = gk[idx + 1:]
    return gk


def norm_labels(labels):
    return tuple(sorted((labels or {}).items()))


def summarize(records, args):
    """records -> {(receiver, groupKey): [note, ...]} in arrival order."""
    groups = {}
    for t, path, p in sorted(records, key=lambda r: r[0]):
        if "_unparseable" in p:
            key = ("<unparseable>", path)
            note = {"t": t, "status": None, "alerts": (), "raw": p}
        else:
            key = (p.get("receiver"), group_key_of(p, args.groupkey))
            alerts = tuple(sorted((norm_labels(a.get("labels")), a.get("status"))
                                  for a in p.get("alerts", [])))
            note = {"t": t, "status": p.get("status"), "alerts": alerts, "raw": p}
            if args.strict:
                note["strict"] = strict_view(p)
        groups.setdefault(key, []).append(note)
    return groups


def strict_view(p):
    return {
        "version": p.get("version"),
        "groupLabels": p.get("groupLabels"),
        "commonLabels": p.get("commonLabels"),
        "commonAnnotations": p.get("commonAnnotations"),
        "truncatedAlerts": p.get("truncatedAlerts"),
        "alerts": sorted((norm_labels(a.get("labels")), a.get("status"),
                          norm_labels(a.get("annotations")), a.get("generatorURL"))
                         for a in p.get("alerts", [])),
    }


def fmt_alerts(alerts):
    if not alerts:
        return "(none)"
    parts = []
    for labels, st in alerts:
        parts.append("%s{%s}" % ("" if st == "firing" else st + ":",
                                 ",".join("%s=%s" % kv for kv in labels)))
    return " ".join(parts)


def fmt_timeline(groups):
    lines = []
    for key in sorted(groups, key=lambda k: (str(k[0]), str(k[1]))):
        lines.append("  %s %s" % key)
        for n in groups[key]:
            lines.append("    t=%6.2fs %-8s %s" % (n["t"], n["status"], fmt_alerts(n["alerts"])))
    return "\n".join(lines)


def compare(ref, sut, tolerance, strict):
    """Returns list of difference strings (empty = equal) and the first differing pair."""
    diffs = []
    first = None
    max_dt = 0.0
    for key in sorted(set(ref) | set(sut), key=lambda k: (str(k[0]), str(k[1]))):
        ra, sa = ref.get(key, []), sut.get(key, [])
        label = "receiver=%r groupKey=%r" % key
        for i in range(max(len(ra), len(sa))):
            r = ra[i] if i < len(ra) else None
            s = sa[i] if i < len(sa) else None
            problems = []
            if r is None:
                problems.append("unexpected extra notification from B")
            elif s is None:
                problems.append("notification missing from B")
            else:
                max_dt = max(max_dt, abs(r["t"] - s["t"]))
                if r["status"] != s["status"]:
                    problems.append("status %r != %r" % (r["status"], s["status"]))
                if r["alerts"] != s["alerts"]:
                    ra_set, sa_set = set(r["alerts"]), set(s["alerts"])
                    problems.append("alerts differ: only in A: [%s]; only in B: [%s]"
                                    % (fmt_alerts(sorted(ra_set - sa_set)),
                                       fmt_alerts(sorted(sa_set - ra_set))))
                if abs(r["t"] - s["t"]) > tolerance:
                    problems.append("time A=%.2fs B=%.2fs (|d|=%.2fs > %.2fs)"
                                    % (r["t"], s["t"], abs(r["t"] - s["t"]), tolerance))
                if strict and r.get("strict") != s.get("strict"):
                    problems.append("strict fields differ: A=%s B=%s"
                                    % (json.dumps(r.get("strict"), sort_keys=True),
                                       json.dumps(s.get("strict"), sort_keys=True)))
            if problems:
                where = "%s #%d (A t=%s, B t=%s)" % (
                    label, i + 1, "%.2fs" % r["t"] if r else "-", "%.2fs" % s["t"] if s else "-")
                diffs.append("%s: %s" % (where, "; ".join(problems)))
                if first is None:
                    first = (where, r, s)
    return diffs, first, max_dt


# ----------------------------------------------------------------------------------------------
# Scenario runner
# ----------------------------------------------------------------------------------------------

def run_scenario(sc, args, workroot):
    name = sc["name"]
    workdir = os.path.join(workroot, name)
    os.makedirs(workdir, exist_ok=True)
    pb = args.port_base
    sinks, servers = [], []
    sut_config = sc["config"]
    if args.sut_config_sed:
        old, new = args.sut_config_sed.split("=>", 1)
        if old not in sut_config:
            raise RuntimeError("--sut-config-sed: %r not found in %s config" % (old, name))
        sut_config = sut_config.replace(old, new)
    try:
        sinks = [Sink(pb + 11, args.sink_delay), Sink(pb + 12, args.sink_delay)]
        servers = [Server("A-ref", args.ref_cmd, pb + 1, sinks[0], sc["config"], workdir),
                   Server("B-sut", args.sut_cmd, pb + 2, sinks[1], sut_config, workdir)]
        for s in servers:
            s.start()
        for s in servers:
            s.wait_ready()
        # Common start instant for both runs.
        t0_mono = time.monotonic()
        t0_wall = time.time()
        for sk in sinks:
            with sk.lock:
                sk.t0 = t0_mono
        step_errors = []
        for off, (kind, arg) in sorted(sc["steps"], key=lambda s: s[0]):
            delay = t0_mono + off - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            late = time.monotonic() - (t0_mono + off)
            if late > 0.1:
                step_errors.append("step at %.2fs (%s) ran %.2fs late" % (off, kind, late))
            for lbl, err in run_step(servers, kind, arg, t0_wall, off):
                step_errors.append("step at %.2fs (%s) on %s: %s" % (off, kind, lbl, err))
        delay = t0_mono + sc["duration"] - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        recs = [sk.snapshot() for sk in sinks]
        exited = ["%s exited early with status %s" % (s.label, s.proc.returncode)
                  for s in servers if s.proc.poll() is not None]
    finally:
        for s in servers:
            s.stop()
        for sk in sinks:
            try:
                sk.close()
            except Exception:
                pass

    ref = summarize(recs[0], args)
    sut = summarize(recs[1], args)
    diffs, first, max_dt = compare(ref, sut, args.tolerance, args.strict)
    problems = step_errors + exited
    ok = not diffs and not problems and (ref or args.allow_empty)
    if args.verbose or not ok:
        log("  A (reference) notifications:\n%s" % (fmt_timeline(ref) or "    (none)"))
        log("  B (under test) notifications:\n%s" % (fmt_timeline(sut) or "    (none)"))
    if not ref and not args.allow_empty:
        problems.append("reference sent no notifications at all (harness/scenario broken?)")
    for p in problems:
        log("  ERROR: " + p)
    if diffs:
        log("  %d difference(s):" % len(diffs))
        for d in diffs:
            log("    - " + d)
        where, r, s = first
        log("  first differing notification: %s" % where)
        log("  A (reference) payload%s:" % ("" if r else " (none)"))
        if r:
            log(indent(json.dumps(r["raw"], indent=2, sort_keys=True), 4))
        log("  B (under test) payload%s:" % ("" if s else " (none)"))
        if s:
            log(indent(json.dumps(s["raw"], indent=2, sort_keys=True), 4))
    if not ok:
        for s in servers:
            tail = s.log_tail(15)
            if tail:
                log(indent(tail, 2))
    return ok, sum(len(v) for v in ref.values()), sum(len(v) for v in sut.values()), max_dt


def indent(text, n):
    pad = " " * n
    return "\n".join(pad + line for line in text.splitlines())


def main():
    ap = argparse.ArgumentParser(
        description="Play the same timed alert sequence against a reference Alertmanager (A) "
                    "and a server under test (B) and compare their webhook notifications.")
    ap.add_argument("--ref-cmd", default=DEFAULT_REF_CMD,
                    help="command template for server A; placeholders {config} {datadir} "
                         "{listen} {port} (default: %(default)s)")
    ap.add_argument("--sut-cmd", default=DEFAULT_REF_CMD,
                    help="command template for server B (default: same as --ref-cmd default, "
                         "i.e. self-check against a second Debian Alertmanager)")
    ap.add_argument("--scenario", action="append", metavar="NAME",
                    help="run only this scenario (repeatable); choices: %s"
                         % ", ".join(s["name"] for s in SCENARIOS))
    ap.add_argument("--list", action="store_true", help="list scenarios and exit")
    ap.add_argument("--tolerance", type=float, default=0.5,
                    help="max |tB - tA| per notification in seconds (default %(default)s)")
    ap.add_argument("--port-base", type=int, default=19600,
                    help="A listens on base+1, B on base+2, sinks on base+11/base+12 "
                         "(default %(default)s)")
    ap.add_argument("--sink-delay", type=float, default=0.1, metavar="SECONDS",
                    help="the sinks answer each webhook after this delay (default %(default)s). "
                         "Alertmanager stamps its notification log AFTER the webhook returns "
                         "and repeats only when that stamp is strictly older than "
                         "repeat_interval; with repeat_interval a multiple of group_interval "
                         "a fast sink makes the repeat tick a coin flip. The delay makes it "
                         "deterministic (repeat on the tick AFTER last+repeat_interval).")
    ap.add_argument("--groupkey", choices=["exact", "labels"], default="exact",
                    help="compare groupKey exactly (default) or only its group-labels part")
    ap.add_argument("--strict", action="store_true",
                    help="also compare version, groupLabels, commonLabels, commonAnnotations, "
                         "truncatedAlerts, alert annotations and generatorURL")
    ap.add_argument("--sut-config-sed", metavar="OLD=>NEW",
                    help="testing aid: textual replacement applied to B's config only "
                         "(used to prove the harness can fail)")
    ap.add_argument("--allow-empty", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (configs, logs)")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print both notification timelines for every scenario")
    args = ap.parse_args()

    if args.list:
        for s in SCENARIOS:
            log("%-12s %5.1fs  %s" % (s["name"], s["duration"], s["doc"]))
        return 0
    selected = SCENARIOS
    if args.scenario:
        names = {s["name"] for s in SCENARIOS}
        bad = [n for n in args.scenario if n not in names]
        if bad:
            ap.error("unknown scenario(s): %s" % ", ".join(bad))
        selected = [s for s in SCENARIOS if s["name"] in args.scenario]
    if not (1024 < args.port_base and args.port_base + 12 < 65536):
        ap.error("bad --port-base")

    def on_signal(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    workroot = tempfile.mkdtemp(prefix="am-sequence-")
    passed = failed = 0
    started = time.monotonic()
    try:
        log("A (reference): %s" % args.ref_cmd)
        log("B (under test): %s" % args.sut_cmd)
        for sc in selected:
            log("== %s (%.0fs): %s" % (sc["name"], sc["duration"], sc["doc"]))
            try:
                ok, na, nb, max_dt = run_scenario(sc, args, workroot)
            except Exception as e:
                log("  ERROR: %s" % e)
                ok, na, nb, max_dt = False, 0, 0, 0.0
            if ok:
                passed += 1
                log("ok: %s (%d notifications from A, %d from B, max |tB-tA| %.3fs)"
                    % (sc["name"], na, nb, max_dt))
            else:
                failed += 1
                log("FAIL: %s (%d notifications from A, %d from B)" % (sc["name"], na, nb))
    finally:
        kill_all()
        if args.keep:
            log("kept work dir %s" % workroot)
        else:
            shutil.rmtree(workroot, ignore_errors=True)
    log("elapsed %.1fs" % (time.monotonic() - started))
    log("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        kill_all()
        sys.exit(130)
