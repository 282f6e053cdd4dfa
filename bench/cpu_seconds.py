"""The processor time the server and its database spend on a load-test run, read from /proc (Linux).

    python bench/cpu_seconds.py snapshot SERVER_PID DATABASE > before.json
    python bench/cpu_seconds.py record SERVER_PID DATABASE before.json RUN.json

`snapshot` prints the CPU seconds (user and system) used so far by each gunicorn worker (the children of
SERVER_PID) and each PostgreSQL backend serving DATABASE. `record` takes a second snapshot and adds to RUN.json
(a run's summary, bench/locustfile.py) what the run used: {"cpu": {"server_s", "database_s", "ms_per_request"}},
every request of the run counted, sign-in included. A p95 on a busy 2-core machine moves by a factor of 1.5
between runs of the same code; the processor time a request costs moves far less (bench/load_compare.py prints
both). A backend that ended during the run is not counted.
"""

import json
import os
import sys
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def snapshot(server_pid, database):
    """{"server": {pid: s}, "database": {pid: s}}."""
    taken = {"server": {}, "database": {}}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            parent = next(line.split()[1] for line in status.splitlines() if line.startswith("PPid:"))
            if parent == str(server_pid):
                taken["server"][entry.name] = _seconds(entry.name)
            elif command.startswith("postgres: ") and f" {database} " in command:
                taken["database"][entry.name] = _seconds(entry.name)
        except (OSError, StopIteration):
            continue  # ended meanwhile
    return taken


def used(before, after):
    """The seconds each part used between two snapshots (a process new since the first counted from zero)."""
    return {
        part: sum(seconds - before[part].get(pid, 0.0) for pid, seconds in after[part].items())
        for part in ("server", "database")
    }


def requests_in(summary):
    return summary["sign_in"]["requests"] + summary["pages"]["requests"]


def main(argv):
    if len(argv) == 3 and argv[0] == "snapshot":
        print(json.dumps(snapshot(argv[1], argv[2])))
    elif len(argv) == 5 and argv[0] == "record":
        before = json.loads(Path(argv[3]).read_text())
        spent = used(before, snapshot(argv[1], argv[2]))
        run = Path(argv[4])
        summary = json.loads(run.read_text())
        total = spent["server"] + spent["database"]
        summary["cpu"] = {
            "server_s": round(spent["server"], 2),
            "database_s": round(spent["database"], 2),
            "ms_per_request": round(1000 * total / max(requests_in(summary), 1), 2),
        }
        run.write_text(json.dumps(summary))
    else:
        raise SystemExit(__doc__.split("\n\n")[1])


if __name__ == "__main__":
    main(sys.argv[1:])
