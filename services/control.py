"""Start and stop the services the tests and benchmarks need: PostgreSQL, Redis and OpenSearch.

``python -m services.control start`` (what ``make services`` runs) starts whatever is not running
yet, installs what is missing (PostgreSQL, Redis, Maven and Java from Debian's packages; OpenSearch
from Maven Central through ``services/opensearch/pom.xml``) and prints one ``export NAME=value``
line per service, so ``eval "$(make -s services)"`` points a shell at them. Progress goes to
standard error. ``stop`` ends each service by the process id recorded when it started.

Everything lives under ``.services/`` (git-ignored): data, logs, process ids, the Maven cache and
the OpenSearch build. Every service listens on 127.0.0.1 only. Only the standard library is used,
so this runs before the portal's virtual environment exists.
"""

import contextlib
import glob
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
ROOT = Path(os.environ.get("SERVICES_DIR", PROJECT / ".services"))
POSTGRES_PORT = int(os.environ.get("SERVICES_POSTGRES_PORT", "55432"))
REDIS_PORT = int(os.environ.get("SERVICES_REDIS_PORT", "56379"))
OPENSEARCH_HTTP_PORT = int(os.environ.get("SERVICES_OPENSEARCH_PORT", "59200"))
# Every JVM heap is bounded: the machines have two cores and other work to do.
OPENSEARCH_HEAP = os.environ.get("SERVICES_OPENSEARCH_HEAP", "512m")
DATABASE_NAME = "ascn"


def say(message):
    print(message, file=sys.stderr, flush=True)


def run(command, **kwargs):
    return subprocess.run(command, check=True, **kwargs)  # noqa: S603 - our own fixed commands


def apt_install(*packages):
    """Debian's packages, installed when a command is missing (as root, or through sudo)."""
    say(f"Installing {' '.join(packages)} from Debian's packages…")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run([*sudo, "apt-get", "update", "-qq"], env=environment, stdout=subprocess.DEVNULL)
    run(
        [*sudo, "apt-get", "install", "-y", "-qq", *packages],
        env=environment,
        stdout=subprocess.DEVNULL,
    )


def port_answers(port, host="127.0.0.1"):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def process_alive(pid):
    # A child of this process that has ended stays a zombie until it is reaped: reap it first.
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_pid(path):
    try:
        return int(path.read_text().split()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return None


def stop_process(pid_file, name, sig=signal.SIGTERM, seconds=30):
    """End the process recorded in ``pid_file`` and wait until it has gone."""
    pid = read_pid(pid_file)
    if pid is None or not process_alive(pid):
        pid_file.unlink(missing_ok=True)
        return
    say(f"Stopping {name} (process {pid})…")
    os.kill(pid, sig)
    deadline = time.monotonic() + seconds
    while process_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if process_alive(pid):
        say(f"{name} did not stop within {seconds} s: killing process {pid}")
        os.kill(pid, signal.SIGKILL)
    pid_file.unlink(missing_ok=True)


def recorded_process_answers(pid_file, port):
    """The process recorded in ``pid_file`` is alive and something answers on ``port``."""
    pid = read_pid(pid_file)
    return pid is not None and process_alive(pid) and port_answers(port)


def wait_until(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    raise SystemExit(f"{what} did not answer within {seconds} s")


# PostgreSQL -------------------------------------------------------------------------------


def postgres_folder():
    """``.services/postgres``; as root, PostgreSQL runs as Debian's ``postgres`` user, and when
    that user cannot reach the project (a clone in a private folder), a folder of the project's
    own under /var/tmp, named after the project's path, is used instead."""
    folder = ROOT / "postgres"
    if os.geteuid() != 0:
        return folder
    reachable = subprocess.run(  # noqa: S603 - fixed command
        ["runuser", "-u", "postgres", "--", "test", "-x", str(ROOT.parent)],  # noqa: S607
        check=False,
    )
    if reachable.returncode == 0:
        return folder
    digest = hashlib.sha256(str(PROJECT).encode()).hexdigest()[:12]
    return Path("/var/tmp") / f"ascn-portal-services-{digest}" / "postgres"  # noqa: S108


class Postgres:
    name = "PostgreSQL"

    def __init__(self):
        self.folder = postgres_folder()
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self.pid_file = self.data / "postmaster.pid"

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{POSTGRES_PORT}/{DATABASE_NAME}"

    def binaries(self):
        """The newest PostgreSQL of Debian's packages (installed with apt when missing)."""
        if not glob.glob("/usr/lib/postgresql/*/bin"):
            apt_install("postgresql")
        found = glob.glob("/usr/lib/postgresql/*/bin")
        return Path(max(found, key=lambda path: int(Path(path).parent.name)))

    def as_owner(self, command):
        """PostgreSQL refuses to run as root: as root, run it as Debian's postgres user."""
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *command]
        return command

    def running(self):
        return recorded_process_answers(self.pid_file, POSTGRES_PORT)

    def start(self):
        if self.running():
            return
        bin_dir = self.binaries()
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            if self.folder.parent != ROOT:
                say(f"PostgreSQL's user cannot reach {ROOT}: its data goes to {self.folder}")
        if not (self.data / "PG_VERSION").exists():
            say("Creating the PostgreSQL cluster…")
            run(
                self.as_owner(
                    [
                        str(bin_dir / "initdb"),
                        "-D",
                        str(self.data),
                        "-U",
                        "postgres",
                        "--auth=trust",
                        "--encoding=UTF8",
                        "--locale=C.UTF-8",
                    ]
                ),
                stdout=subprocess.DEVNULL,
            )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {POSTGRES_PORT} "
            f"-c unix_socket_directories={self.folder} -c max_connections=200"
        )
        started = time.monotonic()
        run(
            self.as_owner(
                [
                    str(bin_dir / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.log),
                    "-o",
                    options,
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            ),
            stdout=subprocess.DEVNULL,
        )
        created = subprocess.run(  # noqa: S603 - fixed command
            self.as_owner(
                [str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(POSTGRES_PORT)]
                + ["-U", "postgres", DATABASE_NAME]
            ),
            capture_output=True,
            text=True,
        )
        if created.returncode and "already exists" not in created.stderr:
            raise SystemExit(f"createdb {DATABASE_NAME} failed: {created.stderr.strip()}")
        say(f"PostgreSQL answers on 127.0.0.1:{POSTGRES_PORT} ({time.monotonic() - started:.1f} s)")

    def stop(self):
        # SIGINT is PostgreSQL's "fast" shutdown: sessions are ended, nothing committed is lost.
        stop_process(self.pid_file, self.name, sig=signal.SIGINT)

    def exports(self):
        return {"DATABASE_URL": self.url}


# Redis ------------------------------------------------------------------------------------


class Redis:
    name = "Redis"
    folder = ROOT / "redis"
    pid_file = folder / "redis.pid"

    def running(self):
        return recorded_process_answers(self.pid_file, REDIS_PORT)

    def start(self):
        if self.running():
            return
        if shutil.which("redis-server") is None:
            apt_install("redis-server")
        self.folder.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        run(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(REDIS_PORT),
                "--daemonize",
                "yes",
                "--pidfile",
                str(self.pid_file),
                "--logfile",
                str(self.folder / "redis.log"),
                "--dir",
                str(self.folder),
                # A cache: nothing is written to disk.
                "--save",
                "",
                "--appendonly",
                "no",
            ]
        )
        wait_until(lambda: port_answers(REDIS_PORT), 30, "Redis")
        say(f"Redis answers on 127.0.0.1:{REDIS_PORT} ({time.monotonic() - started:.1f} s)")

    def stop(self):
        stop_process(self.pid_file, self.name)

    def exports(self):
        return {"REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0"}


# OpenSearch -------------------------------------------------------------------------------

OPENSEARCH_PROJECT = PROJECT / "services" / "opensearch"
OPENSEARCH_ROOT = ROOT / "opensearch"
OPENSEARCH_BUILD = OPENSEARCH_ROOT / "build"
NODE_JAR = OPENSEARCH_BUILD / "search-node-1.0.0.jar"


def java_binary():
    """Java 17: the Debian OpenJDK the machines have (installed with apt when missing)."""
    for candidate in sorted(glob.glob("/usr/lib/jvm/java-17-openjdk-*/bin/java")):
        return candidate
    if shutil.which("java") is None:
        apt_install("openjdk-17-jre-headless")
    return shutil.which("java")


def build_opensearch():
    """Build the node launcher and copy its Maven Central dependencies, unless already built."""
    sources = [OPENSEARCH_PROJECT / "pom.xml", *OPENSEARCH_PROJECT.glob("src/**/*.java")]
    if NODE_JAR.exists() and all(
        source.stat().st_mtime <= NODE_JAR.stat().st_mtime for source in sources
    ):
        return
    if shutil.which("mvn") is None:
        apt_install("maven")
    say("Building the OpenSearch node from Maven Central's artifacts (once)…")
    started = time.monotonic()
    shutil.rmtree(OPENSEARCH_BUILD / "lib", ignore_errors=True)
    run(
        [
            "mvn",
            "-q",
            "-B",
            "-f",
            str(OPENSEARCH_PROJECT / "pom.xml"),
            f"-Dmaven.repo.local={ROOT / 'm2'}",
            "package",
        ],
        stdout=sys.stderr,
    )
    say(f"Built in {time.monotonic() - started:.0f} s")


@dataclass
class OpenSearchNode:
    """One node, one JVM. A cluster is several nodes that know each other's transport ports."""

    http_port: int
    transport_port: int
    cluster_ports: tuple[int, ...] = ()
    heap: str = OPENSEARCH_HEAP

    @property
    def name(self):
        return f"OpenSearch node {self.http_port}"

    @property
    def home(self):
        return OPENSEARCH_ROOT / f"node-{self.transport_port}"

    @property
    def pid_file(self):
        return OPENSEARCH_ROOT / f"node-{self.transport_port}.pid"

    @property
    def url(self):
        return f"http://127.0.0.1:{self.http_port}"

    def running(self):
        pid = read_pid(self.pid_file)
        return pid is not None and process_alive(pid)

    def launch(self):
        """Start the JVM and return at once; ``wait()`` waits until the node answers."""
        if self.running():
            return
        build_opensearch()
        self.home.mkdir(parents=True, exist_ok=True)
        cluster = self.cluster_ports or (self.transport_port,)
        classpath = f"{NODE_JAR}{os.pathsep}{OPENSEARCH_BUILD / 'lib'}/*"
        with open(OPENSEARCH_ROOT / f"node-{self.transport_port}.log", "ab") as log:
            process = subprocess.Popen(  # noqa: S603 - our own fixed command
                [
                    java_binary(),
                    f"-Xms{self.heap}",
                    f"-Xmx{self.heap}",
                    "-XX:+UseG1GC",
                    "-XX:ActiveProcessorCount=2",
                    "-Djava.awt.headless=true",
                    "-Dfile.encoding=UTF-8",
                    "-cp",
                    classpath,
                    "org.ascn.portal.search.SearchNode",
                    "--home",
                    str(self.home),
                    "--http-port",
                    str(self.http_port),
                    "--transport-port",
                    str(self.transport_port),
                    "--cluster-ports",
                    ",".join(str(port) for port in cluster),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.pid_file.write_text(f"{process.pid}\n")

    def health(self):
        try:
            with urllib.request.urlopen(f"{self.url}/_cluster/health", timeout=2) as response:  # noqa: S310 - loopback
                return json.load(response)
        except (OSError, ValueError):
            return None

    def wait(self, seconds=180, status=("green", "yellow")):
        started = time.monotonic()

        def ready():
            if not self.running():
                raise SystemExit(
                    f"{self.name} stopped while starting: see {self.home.parent}/"
                    f"node-{self.transport_port}.log"
                )
            health = self.health()
            return health is not None and health.get("status") in status

        wait_until(ready, seconds, self.name)
        return time.monotonic() - started

    def start(self):
        if self.running() and self.health():
            return
        OPENSEARCH_ROOT.mkdir(parents=True, exist_ok=True)
        build_opensearch()
        started = time.monotonic()
        self.launch()
        self.wait()
        say(
            f"OpenSearch 2.19 answers on {self.url} "
            f"(start-up {time.monotonic() - started:.1f} s, heap {self.heap})"
        )

    def stop(self):
        stop_process(self.pid_file, self.name)

    def kill(self):
        """Lose the node the hard way, as a crashed machine would."""
        pid = read_pid(self.pid_file)
        if pid is not None and process_alive(pid):
            os.kill(pid, signal.SIGKILL)
            while process_alive(pid):
                time.sleep(0.05)
        self.pid_file.unlink(missing_ok=True)

    def exports(self):
        replicas = len(self.cluster_ports or (self.transport_port,)) - 1
        return {
            "ELASTICSEARCH_URL": self.url,
            "ELASTICSEARCH_BACKEND": "opensearch2",
            "ELASTICSEARCH_REPLICAS": str(min(replicas, 1)),
        }


def all_services():
    return [Postgres(), Redis(), OpenSearchNode(OPENSEARCH_HTTP_PORT, OPENSEARCH_HTTP_PORT + 100)]


def main(argv):
    command = argv[1] if len(argv) > 1 else "start"
    services = all_services()
    if command == "start":
        ROOT.mkdir(parents=True, exist_ok=True)
        exports = {}
        for service in services:
            service.start()
            exports.update(service.exports())
        for name, value in exports.items():
            print(f"export {name}={value}")
    elif command == "stop":
        for service in reversed(services):
            service.stop()
    elif command == "status":
        for service in services:
            print(f"{service.name}: {'running' if service.running() else 'stopped'}")
    else:
        raise SystemExit("usage: python -m services.control start|stop|status")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
