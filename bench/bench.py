#!/usr/bin/env python3
"""Basalt's benchmark: whole-process timings against baselines measured in the same run.

Starts the emulator (the built CLI's `basalt emulator`) on a free port, then runs each scenario a few
times after a warm-up and prints medians and ratios. Everything talks to 127.0.0.1 only.
"""
import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JAR = ROOT / "basalt-cli" / "target" / "basalt.jar"
LIB = ROOT / "basalt-cli" / "target" / "lib"
CACHE = ROOT / "bench" / "target"
KEY_ID, SECRET = "AKIDBENCH", "bench-secret"
CLAUDE_CODE_VERSION = "2.1.330"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answer_script():
    """Every client gets the same short answer, whatever it sends (Claude Code wraps the prompt in
    reminders that an echo would send back at length)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    script = CACHE / "hello-script.json"
    script.write_text('{"turns": [{"reply": [{"text": "hello"}]}]}')
    return str(script)


def start_emulator(auth=("--access-key-id", KEY_ID, "--secret-access-key", SECRET), extra=()):
    port = free_port()
    proc = subprocess.Popen(["java", "-jar", str(JAR), "emulator", "--port", str(port), *auth, *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = proc.stdout.readline()
    if "listening on" not in line:
        proc.kill()
        sys.exit(f"bench: the emulator did not start: {line.strip()}")
    return proc, f"http://127.0.0.1:{port}"


def run_once(name, cmd, env, expect):
    """(wall seconds, peak RSS MB) of one whole process; raises when it fails or misses `expect`."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out = proc.stdout.read().decode(errors="replace")
    err = proc.stderr.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0 or expect not in out:
        raise RuntimeError(f"{name}: exit {code}: {err.strip()[-300:] or out.strip()[-300:]}")
    return wall, usage.ru_maxrss / 1024.0


def measure(scenarios, runs, warmup):
    """Median wall time and peak RSS of each scenario ((name, cmd, env, expect)). Runs alternate
    between the scenarios, so a slow spell of the machine falls on all of them alike; a scenario that
    fails is reported on stderr and left out (Claude Code, when it cannot run here)."""
    samples = {s[0]: ([], []) for s in scenarios}
    live = list(scenarios)
    for i in range(warmup + runs):
        for scenario in list(live):
            name = scenario[0]
            try:
                wall, rss = run_once(*scenario)
            except RuntimeError as e:
                print(f"bench: {name} skipped: {e}", file=sys.stderr)
                live.remove(scenario)
                continue
            if i >= warmup:
                samples[name][0].append(wall)
                samples[name][1].append(rss)
    return [{"name": s[0], "wall_s": statistics.median(samples[s[0]][0]), "rss_mb": statistics.median(samples[s[0]][1]),
             "runs": runs, "min_s": min(samples[s[0]][0]), "max_s": max(samples[s[0]][0])} for s in live]


def launch_to_prompt(env, endpoint, runs, warmup):
    """Seconds from starting `./basalt chat` in a pseudo-terminal to its prompt being drawn (median)."""
    import pty
    import select
    times = []
    for i in range(warmup + runs):
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(str(ROOT / "basalt"), [str(ROOT / "basalt"), "chat", "--endpoint-url", endpoint], env)
        start = time.perf_counter()
        seen = b""
        # JLine turns on bracketed paste as its line reader starts: the prompt is ready for typing.
        while b"\x1b[?2004h" not in seen:
            ready, _, _ = select.select([fd], [], [], 30)
            if not ready:
                raise RuntimeError("no prompt within 30 s")
            try:
                seen += os.read(fd, 4096)
            except OSError:
                raise RuntimeError("the session ended before its prompt: " + seen.decode(errors="replace"))
        elapsed = time.perf_counter() - start
        os.write(fd, b"\x04")
        os.waitpid(pid, 0)
        os.close(fd)
        if i >= warmup:
            times.append(elapsed)
    return statistics.median(times)


def admin(endpoint, method, path, body=None):
    """The emulator's admin API (no auth): returns the parsed JSON answer."""
    import urllib.request
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(endpoint + path, data=data, method=method, headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def stdout_timing(cmd, env):
    """Runs cmd; returns (wall-clock ns of its first stdout byte, of its last, bytes read)."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    first = last = None
    total = 0
    while True:
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            break
        now = time.time_ns()
        first = first or now
        last = now
        total += len(chunk)
    if proc.wait() != 0:
        raise RuntimeError(f"{cmd[0]} exited {proc.returncode}")
    return first, last, total


def first_character(name, cmd, env, endpoint, runs, warmup):
    """Median ms from the emulator writing the first output frame to the client printing it."""
    latencies = []
    admin(endpoint, "PUT", "/_basalt/pace", {"firstTokenMs": 300, "tokensPerSecond": 0})
    try:
        for i in range(warmup + runs):
            first, _, _ = stdout_timing(cmd, env)
            stream = admin(endpoint, "GET", "/_basalt/streams")["streams"][-1]
            if i >= warmup:
                latencies.append((first / 1000 - stream["firstContentAtMicros"]) / 1000)
    finally:
        admin(endpoint, "PUT", "/_basalt/pace", {"firstTokenMs": 0, "tokensPerSecond": 0})
    return {"name": name, "first_char_ms": statistics.median(latencies)}


def throughput(clients, env, tokens, runs):
    """Tokens per second from the first printed byte to the last, median over runs, for each of
    `clients` ((name, cmd) pairs). Runs alternate between the clients, so a slow spell of this shared
    machine falls on all of them rather than on one."""
    rates = {name: [] for name, _ in clients}
    for _ in range(runs):
        for name, cmd in clients:
            first, last, total = stdout_timing(cmd, env)
            if total < tokens * 4:
                raise RuntimeError(f"{name}: printed only {total} bytes")
            rates[name].append(tokens / max(1e-9, (last - first) / 1e9))
    return [{"name": name, "tokens_per_s": statistics.median(r)} for name, r in rates.items()]


def long_session_memory(env, endpoint, turns):
    """RSS (MB) of an interactive session after 10% of `turns` and after all of them."""
    import pty
    import select
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(str(ROOT / "basalt"), [str(ROOT / "basalt"), "chat", "--endpoint-url", endpoint], env)

    def wait_prompt():
        seen = b""
        while b"\x1b[?2004h" not in seen:
            ready, _, _ = select.select([fd], [], [], 30)
            if not ready:
                raise RuntimeError("no prompt within 30 s")
            seen += os.read(fd, 65536)

    def rss():
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
        return 0.0

    samples = {}
    try:
        wait_prompt()
        for turn in range(1, turns + 1):
            os.write(fd, f"turn {turn}: the quick brown fox jumps over the lazy dog\r".encode())
            wait_prompt()
            if turn in (turns // 10, turns):
                samples[turn] = rss()
        os.write(fd, b"\x04")
        os.waitpid(pid, 0)
    finally:
        os.close(fd)
    return samples


def newest_jdk():
    """The JDK 25 or newer under /usr/lib/jvm that ./basalt picks by itself, as (java path, version), or None."""
    best = None
    for java in sorted(Path("/usr/lib/jvm").glob("*/bin/java")):
        out = subprocess.run([str(java), "-XshowSettings:properties", "-version"], capture_output=True, text=True).stderr
        m = re.search(r"java.specification.version = (\d+)", out)
        if m and int(m.group(1)) >= 25 and (best is None or int(m.group(1)) > int(best[1])):
            best = (str(java), m.group(1))
    return best


def claude_code():
    """Installs Claude Code with npm into bench/target once; None when it cannot be had."""
    exe = CACHE / "claude-code" / "node_modules" / ".bin" / "claude"
    if exe.exists():
        return exe
    if not shutil.which("npm"):
        return None
    target = CACHE / "claude-code"
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(target),
                           f"@anthropic-ai/claude-code@{CLAUDE_CODE_VERSION}"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return exe if done.returncode == 0 and exe.exists() else None


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    parser.add_argument("--streams", type=int, default=500, help="concurrent streams in the emulator load test")
    parser.add_argument("--tokens", type=int, default=50000, help="tokens in the throughput stream")
    parser.add_argument("--turns", type=int, default=200, help="turns of the long interactive session")
    args = parser.parse_args()

    emulator, endpoint = start_emulator(extra=("--script", answer_script()))
    try:
        base_env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "BASALT_", "ANTHROPIC_", "CLAUDE_"))}
        env = dict(base_env, AWS_ACCESS_KEY_ID=KEY_ID, AWS_SECRET_ACCESS_KEY=SECRET, AWS_REGION="us-east-1",
                   AWS_EC2_METADATA_DISABLED="true")
        # ./basalt picks the newest JDK 25+ it finds (for the AOT cache), else java on PATH; the second row
        # pins the PATH's java, so both the default and the JDK 17 figures come from the same run.
        chosen = newest_jdk()
        label = f"JDK {chosen[1]}, AOT cache" if chosen else "java on PATH"
        basalt_cmd = [str(ROOT / "basalt"), "chat", "--endpoint-url", endpoint, "hello"]
        scenarios = [(f"basalt chat (./basalt, {label})", basalt_cmd, env, "hello")]
        path_java = shutil.which("java")
        if chosen and path_java:
            version = subprocess.run([path_java, "-XshowSettings:properties", "-version"], capture_output=True, text=True).stderr
            feature = re.search(r"java.specification.version = (\d+)", version)
            scenarios.append((f"basalt chat (JDK {feature.group(1) if feature else '?'} on PATH, CDS)", basalt_cmd,
                              dict(env, BASALT_JAVA=path_java), "hello"))
        sdk_name = "AWS SDK minimal program"
        scenarios.append((sdk_name, ["java", "-cp", f"{CACHE}:{LIB}/*", "MinimalConverseStream", endpoint, KEY_ID, SECRET, "hello"],
                          env, "hello"))
        cc_name = "Claude Code (claude -p)"
        exe = claude_code()
        if exe is None:
            print("bench: Claude Code skipped: npm could not install it", file=sys.stderr)
        else:
            cc_env = dict(env, CLAUDE_CODE_USE_BEDROCK="1", ANTHROPIC_BEDROCK_BASE_URL=endpoint,
                          HOME=str(CACHE / "cc-home"), DISABLE_TELEMETRY="1", DISABLE_AUTOUPDATER="1",
                          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC="1",
                          # Claude Code's default model id is newer than the emulator's catalog.
                          ANTHROPIC_MODEL="us.anthropic.claude-sonnet-4-5-20250929-v1:0",
                          ANTHROPIC_SMALL_FAST_MODEL="us.anthropic.claude-haiku-4-5-20251001-v1:0")
            scenarios.append((cc_name, [str(exe), "-p", "hello"], cc_env, "hello"))
        results = measure(scenarios, args.runs, args.warmup)
        by_name = {r["name"]: r for r in results}
        basalt, sdk, cc = results[0], by_name[sdk_name], by_name.get(cc_name)

        first_chars = [first_character("basalt chat (./basalt)", [str(ROOT / "basalt"), "chat", "--endpoint-url", endpoint, "hello"],
                                       env, endpoint, args.runs, args.warmup),
                       first_character("AWS SDK minimal program", ["java", "-cp", f"{CACHE}:{LIB}/*", "MinimalConverseStream",
                                                                   endpoint, KEY_ID, SECRET, "hello"],
                                       env, endpoint, args.runs, args.warmup)]
        memory = long_session_memory(dict(env, TERM="xterm", BASALT_HOME=str(CACHE / "bench-home-long")), endpoint, args.turns)
        prompt_s = launch_to_prompt(dict(env, TERM="xterm", BASALT_HOME=str(CACHE / "bench-home")), endpoint, args.runs, args.warmup)
        print(f"{'scenario':32} {'median wall':>12} {'peak RSS':>10}   (runs={args.runs}, warm-up={args.warmup})")
        for r in results:
            print(f"{r['name']:32} {r['wall_s']:>10.3f} s {r['rss_mb']:>7.0f} MB")
        print(f"{'interactive: launch to prompt':32} {prompt_s:>10.3f} s              (target <= 0.4 s)")
        for f in first_chars:
            print(f"{'first character: ' + f['name']:32} {f['first_char_ms']:>9.1f} ms              (target <= 5 ms)")
        low, high = sorted(memory)
        print(f"{'memory over ' + str(high) + ' turns':32} {memory[low]:>7.0f} MB at turn {low}, {memory[high]:.0f} MB at turn {high}"
              f" ({memory[high] / memory[low]:.2f}x)")
        print()
        for r in results[1:]:
            if r["name"].startswith("basalt"):
                print(f"{r['name']} / AWS SDK minimal:  wall {r['wall_s'] / sdk['wall_s']:.2f}x  RSS {r['rss_mb'] / sdk['rss_mb']:.2f}x")
                if cc:
                    print(f"{r['name']} / Claude Code:  wall {r['wall_s'] / cc['wall_s']:.2f}x  RSS {r['rss_mb'] / cc['rss_mb']:.2f}x")
        print(f"basalt / AWS SDK minimal:  wall {basalt['wall_s'] / sdk['wall_s']:.2f}x  RSS {basalt['rss_mb'] / sdk['rss_mb']:.2f}x")
        if cc:
            print(f"basalt / Claude Code:      wall {basalt['wall_s'] / cc['wall_s']:.2f}x  RSS {basalt['rss_mb'] / cc['rss_mb']:.2f}x"
                  "   (targets: wall <= 0.75x, RSS <= 0.6x)")
        if args.json:
            print(json.dumps(results, indent=2))
    finally:
        emulator.terminate()
        emulator.wait(timeout=10)
    print()
    big = CACHE / "long-script.json"
    big.write_text(json.dumps({"turns": [{"reply": [{"text": "tok " * args.tokens}]}]}))
    long_emulator, long_endpoint = start_emulator(extra=("--script", str(big)))
    try:
        long_env = dict(env, AWS_ACCESS_KEY_ID=KEY_ID, AWS_SECRET_ACCESS_KEY=SECRET)
        rates = throughput([("basalt chat (./basalt)", [str(ROOT / "basalt"), "chat", "--endpoint-url", long_endpoint, "go"]),
                            ("AWS SDK minimal program", ["java", "-cp", f"{CACHE}:{LIB}/*", "MinimalConverseStream",
                                                         long_endpoint, KEY_ID, SECRET, "go"])],
                           long_env, args.tokens, args.runs)
        for r in rates:
            print(f"{args.tokens}-token stream, {r['name']:24} {r['tokens_per_s']:>10.0f} tokens/s")
        print(f"basalt / AWS SDK minimal throughput: {rates[0]['tokens_per_s'] / rates[1]['tokens_per_s']:.2f}x   (target >= 1x)")
    finally:
        long_emulator.terminate()
        long_emulator.wait(timeout=10)
    print()
    load_emulator, load_endpoint = start_emulator(("--no-auth",))
    try:
        subprocess.run([sys.executable, str(ROOT / "bench" / "emulator_load.py"), load_endpoint,
                        "--streams", str(args.streams)], check=True)
    finally:
        load_emulator.terminate()
        load_emulator.wait(timeout=10)


if __name__ == "__main__":
    main()
