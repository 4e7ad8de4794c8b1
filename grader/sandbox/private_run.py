"""One run's own view inside the warm parent's bubblewrap sandbox.

Under bubblewrap the warm parent (zygote.py) lives in one bwrap sandbox: the same view of the machine a
cold sandbox has (read-only system and Python, hidden references, no network), started once. Each
harness it forks calls `enter()` before any student code runs: new user, mount and IPC namespaces, a
fresh /tmp (holding only the run's own folder, where a cold sandbox has it too) and /dev/shm, then every
capability dropped, so nothing the submission does can peel these layers off or reach what an earlier
run left. What the sandbox mounted under /tmp (a Python installation or grader that lives there) is
carried into the new /tmp. What a run sees is what a cold bubblewrap sandbox sees.

Linux only; plain syscalls through ctypes (Python 3.11 has no os.unshare).
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
MS_RDONLY, MS_NOSUID, MS_NODEV = 1, 2, 4
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 24, 38, 47, 4
CAPABILITY_VERSION_3 = 0x20080522
ASIDE = "/dev/shm/.grader-run"  # where the run's folder waits while /tmp is replaced


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _ok(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _c(text: str | None) -> bytes | None:
    return None if text is None else text.encode()


def _mount(libc: ctypes.CDLL, source: str | None, target: str, fstype: str | None, flags: int,
           data: str | None = None) -> None:
    _ok(libc.mount(_c(source), _c(target), _c(fstype), ctypes.c_ulong(flags), _c(data)), f"mount {target}")


def _own_namespaces(libc: ctypes.CDLL) -> None:
    """New user, mount and IPC namespaces, the caller's ids mapped to themselves."""
    uid, gid = os.geteuid(), os.getegid()
    _ok(libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWIPC), "unshare")
    Path("/proc/self/setgroups").write_text("deny")
    Path("/proc/self/uid_map").write_text(f"{uid} {uid} 1")
    Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1")
    _mount(libc, None, "/", None, MS_REC | MS_PRIVATE)  # nothing below propagates back to the parent


def _mount_points_under(top: str) -> list[str]:
    """The outermost mount points strictly below `top` (from /proc/self/mountinfo; octal escapes decoded)."""
    points = set()
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        point = line.split()[4].encode().decode("unicode_escape")
        if point.startswith(top.rstrip("/") + "/"):
            points.add(point)
    return sorted(p for p in points if not any(p.startswith(q + "/") for q in points))


def _make(path: Path, is_dir: bool) -> None:
    """An empty folder or file at `path` (with its parents), for a bind mount to land on."""
    if is_dir:
        path.mkdir(parents=True, exist_ok=True)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()


def _fresh_tmp(libc: ctypes.CDLL, workdir: Path, parent_root: Path) -> None:
    """A new empty /tmp and /dev/shm. Carried over, each at its own path: the run's folder, and what the
    sandbox mounted under /tmp (the Python installation and the grader when they live there, as in a clone
    under /tmp), never the rest of the warm parent's folder."""
    root = str(parent_root)
    covers = ["/tmp"] + ([] if Path("/tmp") in parent_root.parents else [root])
    carried = [str(workdir)] + [p for p in _mount_points_under("/tmp")
                                if p != root and not p.startswith(root + "/") and not root.startswith(p + "/")]
    _mount(libc, "tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777")
    os.mkdir(ASIDE, 0o700)
    asides = []
    kinds = [os.path.isdir(path) for path in carried]
    for n, (path, is_dir) in enumerate(zip(carried, kinds, strict=True)):
        aside = f"{ASIDE}/{n}"
        _make(Path(aside), is_dir)
        _mount(libc, path, aside, None, MS_BIND | MS_REC)  # a read-only mount stays read-only
        asides.append(aside)
    for cover in covers:  # the warm parent's folder (its home, earlier runs) is under one of these
        _mount(libc, "tmpfs", cover, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777" if cover == "/tmp" else "mode=755")
    for path, aside, is_dir in zip(carried, asides, kinds, strict=True):
        _make(Path(path), is_dir)
        _mount(libc, aside, path, None, MS_BIND | MS_REC)
        _ok(libc.umount2(aside.encode(), MNT_DETACH), "umount an aside path")
        (os.rmdir if is_dir else os.unlink)(aside)
    os.rmdir(ASIDE)  # /dev/shm is empty again
    if len(covers) > 1:  # the parent's folder stays empty but for this run's
        _mount(libc, None, covers[1], None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


def _drop_capabilities(libc: ctypes.CDLL) -> None:
    """No capability now or after any exec: the mounts above can no longer be undone."""
    last = int(Path("/proc/sys/kernel/cap_last_cap").read_text())
    for cap in range(last + 1):
        _ok(libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0), f"drop capability {cap}")
    _ok(libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "clear ambient capabilities")
    _ok(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no new privileges")
    header, data = _CapHeader(CAPABILITY_VERSION_3, 0), (_CapData * 2)()
    _ok(libc.capset(ctypes.byref(header), data), "capset")


def enter(workdir: Path, parent_root: Path) -> None:
    """Make this (single-threaded, freshly forked) process's view the run's own; raises OSError if the
    machine does not allow it (the warm parent checks that once, at its warm-up)."""
    libc = _libc()
    _own_namespaces(libc)
    _fresh_tmp(libc, workdir, parent_root)
    _drop_capabilities(libc)
