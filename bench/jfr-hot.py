#!/usr/bin/env python3
"""Where a JVM's CPU time went, from a Java Flight Recording: the share of execution samples per top frame (self
time) and per package of any frame on the stack (inclusive), optionally only for threads whose name contains a text.

    bench/jfr-hot.py target/bench/e2e-.../worker.jfr [thread-name-part] [--top 30]
"""
import collections
import json
import subprocess
import sys


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 30
    if "--top" in sys.argv:
        args.remove(str(top))
    recording, thread_part = args[0], (args[1] if len(args) > 1 else None)
    text = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", recording],
                          check=True, capture_output=True, text=True).stdout
    events = json.loads(text)["recording"]["events"]
    self_time, inclusive, threads = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for event in events:
        values = event["values"]
        thread = (values.get("sampledThread") or {}).get("javaName") or "?"
        if thread_part and thread_part not in thread:
            continue
        frames = (values.get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        total += 1
        threads[thread] += 1
        name = lambda f: f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]
        self_time[name(frames[0])] += 1
        seen = set()
        for frame in frames:
            package = frame["method"]["type"]["name"].replace("/", ".").rsplit(".", 1)[0]
            if package not in seen:
                seen.add(package)
                inclusive[package] += 1
    print(f"{total} samples")
    print("\nBy thread:")
    for thread, count in threads.most_common(15):
        print(f"  {count / total * 100:5.1f}%  {thread}")
    print("\nSelf time by method:")
    for method, count in self_time.most_common(top):
        print(f"  {count / total * 100:5.1f}%  {method}")
    print("\nInclusive time by package:")
    for package, count in inclusive.most_common(top):
        print(f"  {count / total * 100:5.1f}%  {package}")


if __name__ == "__main__":
    main()
