// A throw-away PostgreSQL cluster of the test's own, for faults that must not touch the shared server: it can be
// frozen (every process stopped with SIGSTOP, as a hung host or a stalled VM would look: connections stay open and
// nothing answers), thawed, stopped and removed. Plain JavaScript like instances.mjs, so that benchmarks can use it.
import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
// PostgreSQL refuses to run as root: as root the cluster runs as the system user `postgres`, otherwise as whoever
// runs the tests.
const asRoot = process.getuid?.() === 0;
const OWNER = asRoot ? "postgres" : os.userInfo().username;
// The database superuser, whoever runs the processes.
const SUPERUSER = "postgres";

// Clusters still running when the process exits (a crashed run, an interrupted test) are killed and removed.
const live = new Set();
process.once("exit", () => {
  for (const cluster of live) cluster.killNow();
});

/**
 * Creates and starts a cluster on 127.0.0.1:`port` (trust authentication, superuser postgres), in a temporary folder
 * owned by the user that runs it, with its socket inside that folder. Always call `remove()` when done, also on failure.
 */
export async function startPrivateCluster({ port, settings = {} }) {
  const bin = serverPrograms();
  const dir = mkdtempSync(path.join(os.tmpdir(), "latchkey-cluster-"));
  const dataDir = path.join(dir, "data");
  const logFile = path.join(dir, "server.log");
  if (asRoot) {
    const { uid, gid } = await systemUser(OWNER);
    chownSync(dir, uid, gid);
  }
  let frozen = false;
  const options = {
    listen_addresses: "127.0.0.1",
    port: String(port),
    unix_socket_directories: dir,
    fsync: "off",
    ...settings,
  };
  const flags = Object.entries(options)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(" ");

  const asOwner = (command, args) =>
    asRoot ? run("runuser", ["-u", OWNER, "--", path.join(bin, command), ...args]) : run(path.join(bin, command), args);
  const postmasterPid = () => Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  // The postmaster and every process it has started (backends, checkpointer, WAL writer, …).
  const processes = () => {
    const parent = postmasterPid();
    return [parent, ...childrenOf(parent)];
  };
  const signal = (pids, name) => {
    for (const pid of pids) {
      try {
        process.kill(pid, name);
      } catch {
        // gone already
      }
    }
  };

  const cluster = {
    port,
    dataDir,
    logFile,
    /** A postgres:// URL for a database of this cluster (default: `postgres`). */
    url(database = "postgres") {
      return `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;
    },
    /** Stops every process of the cluster: connections stay open, nothing answers, new connections hang. */
    freeze() {
      // The postmaster first, so that it forks nothing new while its children are being stopped.
      const parent = postmasterPid();
      signal([parent], "SIGSTOP");
      signal(childrenOf(parent), "SIGSTOP");
      frozen = true;
    },
    /** Lets every process run again. */
    thaw() {
      signal(processes().reverse(), "SIGCONT");
      frozen = false;
    },
    get frozen() {
      return frozen;
    },
    /** Stops the server the way an operator's restart does (fast: sessions are ended, nothing committed is lost). */
    async stop() {
      await asOwner("pg_ctl", ["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "30"]);
    },
    /** Starts the server again after stop(), on the same port with the same settings. */
    async start() {
      await asOwner("pg_ctl", ["start", "-D", dataDir, "-l", logFile, "-w", "-t", "30", "-o", flags]);
    },
    /** Stops the server (immediately: nothing of it is worth keeping) and deletes its folder. Safe to call twice. */
    async remove() {
      if (!live.has(cluster)) return;
      live.delete(cluster);
      try {
        if (frozen) cluster.thaw();
        await asOwner("pg_ctl", ["stop", "-D", dataDir, "-m", "immediate", "-w", "-t", "10"]);
      } catch {
        cluster.killNow();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    /** Synchronous last resort (process exit): kills every process of the cluster and deletes its folder. */
    killNow() {
      try {
        signal(processes(), "SIGKILL");
      } catch {
        // no postmaster.pid: not running
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  live.add(cluster);

  try {
    await asOwner("initdb", ["-D", dataDir, "-U", SUPERUSER, "-A", "trust", "--no-sync", "--no-instructions"]);
    await cluster.start();
  } catch (error) {
    await cluster.remove().catch(() => {});
    throw error;
  }
  return cluster;
}

const DEBIAN_ROOT = "/usr/lib/postgresql";

/** Where initdb and pg_ctl are: POSTGRES_BIN, else Debian's newest /usr/lib/postgresql/<version>/bin. */
function serverPrograms() {
  if (process.env.POSTGRES_BIN) return process.env.POSTGRES_BIN;
  const versions = existsSync(DEBIAN_ROOT) ? readdirSync(DEBIAN_ROOT).filter((v) => /^\d+$/.test(v)) : [];
  const newest = versions
    .sort((a, b) => Number(b) - Number(a))
    .find((v) => existsSync(path.join(DEBIAN_ROOT, v, "bin", "initdb")));
  if (!newest) throw new Error(`No PostgreSQL server programs (initdb, pg_ctl) under ${DEBIAN_ROOT}: set POSTGRES_BIN`);
  return path.join(DEBIAN_ROOT, newest, "bin");
}

async function systemUser(name) {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run("id", ["-u", name]), run("id", ["-g", name])]);
  return { uid: Number(uid), gid: Number(gid) };
}

/** Every descendant of a process, read from /proc (Linux). */
function childrenOf(parent) {
  const parentOf = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // exited while being read
    }
  }
  const found = [];
  const pending = [parent];
  while (pending.length > 0) {
    const current = pending.pop();
    for (const [pid, ppid] of parentOf) {
      if (ppid === current) {
        found.push(pid);
        pending.push(pid);
      }
    }
  }
  return found;
}
