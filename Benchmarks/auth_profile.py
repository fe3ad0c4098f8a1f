#!/usr/bin/env python3
"""Share of a `vigil serve` profile spent authenticating requests (issue 8), from `perf record -g`.

Usage: python3 Benchmarks/auth_profile.py PERF_DATA [--top 15]

A sample counts as authentication when
- its call chain holds a frame of the auth code that never calls request handling
  (`AccessControl`, `Credentials`, `EndpointPermission`, `EndpointIndex`, `Authorizer`,
  `VerifiedTokenCache`, `TokenSecret`, `ClientAddress`), or
- its innermost frame of request-handling code is `AuthMiddleware`'s own (it wraps the rest of
  the request, so only its self time counts); frames of the Swift runtime and standard library,
  libc, HTTPTypes and Crypto are charged to their caller, frames of Hummingbird or NIO are not.
Symbols are demangled with `swift-demangle`; generic arguments are ignored, so a Hummingbird
function specialised for `AuthMiddleware` is not counted. Used by `auth_overhead.py --profile`.
"""
import argparse, collections, re, subprocess, sys

AUTH_TYPES = ("AccessControl", "Credentials", "EndpointPermission", "EndpointIndex", "Authorizer",
              "VerifiedTokenCache", "TokenSecret", "ClientAddress", "SQLiteAccessRepository", "LoginGate")
MIDDLEWARE = "AuthMiddleware"
# Charged to the caller: shared libraries (runtime, stdlib, libc, Foundation, the kernel) and,
# inside the binary, modules that only serve the function that called them.
HELPER_DSO = re.compile(r"lib(swift|c\.|m\.|pthread|Foundation|dispatch|BlocksRuntime|stdc)|ld-linux|kernel|vdso|unknown")
HELPER_MODULE = re.compile(r"^(Swift|HTTPTypes|Crypto|Synchronization|Foundation|_Concurrency)\.")


def samples(perf_data):
    """Each sample's frames, innermost first, as (symbol, dso)."""
    text = subprocess.run(["perf", "script", "-i", perf_data, "-F", "ip,sym,dso"], check=True,
                          capture_output=True, text=True, errors="replace").stdout
    frames = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            if frames:
                yield frames
            frames = []
            continue
        m = re.match(r"[0-9a-f]+\s+(.*?)\s+\((.*)\)$", line)
        if m:
            frames.append((re.sub(r"\+0x[0-9a-f]+$", "", m.group(1)), m.group(2)))
    if frames:
        yield frames


def demangler(symbols):
    """Maps each symbol to its demangled name with generic arguments removed."""
    symbols = sorted(symbols)
    out = subprocess.run(["swift-demangle"], input="\n".join(symbols), capture_output=True, text=True).stdout.splitlines()
    names = {}
    for symbol, name in zip(symbols, out if len(out) == len(symbols) else symbols):
        while True:  # innermost <...> first, until none are left
            stripped = re.sub(r"<[^<>]*>", "", name)
            if stripped == name:
                break
            name = stripped
        names[symbol] = name
    return names


def in_type(name, type_name):
    """Whether `name` is a function (or closure in one) of `type_name`, in any module."""
    return re.search(r"(^|[ .(])%s\." % type_name, name) is not None


def classify(frames, names):
    """The auth frame a sample is charged to, or None."""
    for symbol, _ in frames:
        name = names.get(symbol, symbol)
        for t in AUTH_TYPES:
            if in_type(name, t):
                return t
    for symbol, dso in frames:
        name = names.get(symbol, symbol)
        if HELPER_DSO.search(dso) or HELPER_MODULE.search(re.sub(r"^.*? of ", "", name)):
            continue
        return MIDDLEWARE if in_type(name, MIDDLEWARE) else None
    return None


def auth_share(perf_data, top=None):
    """Fraction of the samples in `perf_data` spent authenticating; prints a breakdown with `top`."""
    all_samples = list(samples(perf_data))
    names = demangler({s for frames in all_samples for s, _ in frames})
    by_type = collections.Counter(classify(frames, names) for frames in all_samples)
    auth = sum(n for t, n in by_type.items() if t)
    if top:
        print("%d samples, %d (%.2f%%) authenticating" % (len(all_samples), auth, 100 * auth / max(1, len(all_samples))))
        for t, n in by_type.most_common(top):
            if t:
                print("  %-20s %6d  %.2f%%" % (t, n, 100 * n / len(all_samples)))
    return auth / max(1, len(all_samples))


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description="Share of a vigil profile spent authenticating.")
    ap.add_argument("perf_data")
    ap.add_argument("--top", type=int, default=15, help="auth frames listed")
    a = ap.parse_args()
    auth_share(a.perf_data, a.top)
