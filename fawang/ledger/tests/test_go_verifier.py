"""Issue 12: "independent implementations of these formats (the Go checksum database's `tlog` and `note`
packages ...) must verify our checkpoints, tiles and proofs unchanged". This test serves a log, saves what
a client fetches from /log/ and the proof API into a directory, and runs `go_verifier/main.go` over it:
a program on Go's own `golang.org/x/mod/sumdb/note` and `tlog` packages (Debian's
golang-golang-x-mod-dev, installed by tools/system-packages with the Go toolchain), with no code of ours.
It opens both signed checkpoints with the served verifier key (a witness's cosignature line beside ours),
rebuilds and checks the root from the hash tiles with tlog's tile reader, proves consistency between the
two checkpoints from the tiles, and checks our API's inclusion and consistency proofs against the signed
roots and against tlog's own proofs."""

import base64
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from fawang.ledger import services
from fawang.ledger.models import Checkpoint
from fawang.ledger.tests.conftest import append_entries

pytestmark = pytest.mark.django_db

GO_SOURCES = Path("/usr/share/gocode")  # where Debian's golang-* -dev packages put Go sources
PROGRAM = Path(__file__).parent / "go_verifier"
OLD_SIZE, SIZE = 1000, 256 * 256 + 4464  # the second spans a full level-1 tile, so level 2 exists
INDICES = (0, 255, 256, 999, 65535, 65536, SIZE - 1)


def _fill(size: int) -> None:
    """Grow the log to `size` entries."""
    done = Checkpoint.objects.order_by("-size").values_list("size", flat=True).first() or 0
    append_entries(size - done, start=done)


def _tile_paths(size: int) -> list[str]:
    """Every hash tile of a tree of `size` leaves, named as C2SP tlog-tiles serves them."""

    def index(n: int) -> str:
        parts = [f"{n % 1000:03d}"]
        while n >= 1000:
            n //= 1000
            parts.insert(0, f"x{n % 1000:03d}")
        return "/".join(parts)

    paths, level, count = [], 0, size
    while count:
        paths += [f"tile/{level}/{index(n)}" for n in range(count // 256)]
        if count % 256:
            paths.append(f"tile/{level}/{index(count // 256)}.p/{count % 256}")
        level, count = level + 1, count // 256
    return paths


def _save(folder: Path, name: str, data: bytes) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@pytest.fixture(scope="module")
def go_verifier(tmp_path_factory) -> Path:
    """The verifier built once with Debian's Go and Go sources, offline (GOPATH mode, no module proxy)."""
    go = shutil.which("go")
    assert go and (GO_SOURCES / "src/golang.org/x/mod/sumdb/tlog").is_dir(), (
        "the Go toolchain and golang.org/x/mod are missing: run tools/system-packages"
    )
    binary = tmp_path_factory.mktemp("go") / "verifier"
    env = {
        **os.environ,
        "GO111MODULE": "off",
        "GOPATH": str(GO_SOURCES),
        "GOCACHE": str(binary.parent / "cache"),
        "GOFLAGS": "",
    }
    subprocess.run([go, "build", "-o", str(binary), "."], cwd=PROGRAM, env=env, check=True, timeout=300)
    return binary


def _fetch_log(client, folder: Path) -> None:
    _fill(OLD_SIZE)
    old = services.ledger_checkpoint()
    _fill(SIZE)
    new = services.ledger_checkpoint()
    witness = "— witness.example/w1 " + base64.b64encode(b"\x00\x00\x00\x01" + b"s" * 72).decode() + "\n"
    services.checkpoint_add_signature_lines(new, [witness])  # an unknown cosigner's line rides along
    served = client.get("/log/checkpoint").content
    assert served.decode().endswith(witness)
    _save(folder, "checkpoint", served)
    _save(folder, "old-checkpoint", Checkpoint.objects.get(pk=old.pk).note.encode())
    _save(folder, "verifier-key", client.get("/log/verifier-key").content)
    for path in _tile_paths(SIZE):
        response = client.get(f"/log/{path}")
        assert response.status_code == 200, path
        _save(folder, path, response.content)
    lines = []
    for index in INDICES:
        body = client.get(f"/api/v1/ledger/proofs/inclusion?index={index}&size={SIZE}").json()
        lines.append(" ".join(["inclusion", str(index), body["leaf_hash"], *body["hashes"]]))
    body = client.get(f"/api/v1/ledger/proofs/consistency?old={OLD_SIZE}&new={SIZE}").json()
    lines.append(" ".join(["consistency", str(OLD_SIZE), str(SIZE), *body["hashes"]]))
    _save(folder, "proofs.txt", ("\n".join(lines) + "\n").encode())


def _run(binary: Path, folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(binary), str(folder)], capture_output=True, text=True, timeout=60)


def test_gos_own_note_and_tlog_packages_verify_our_checkpoints_tiles_and_proofs(
    client, go_verifier, tmp_path
):
    _fetch_log(client, tmp_path)
    result = _run(go_verifier, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = set(result.stdout.splitlines())
    origin = "test.fawang.invalid/log"
    assert f"ok checkpoint {origin} size {SIZE}" in lines
    assert sum(line.startswith("ok signature checkpoint by test.fawang.invalid/log") for line in lines) == 1
    assert f"ok tiles root {SIZE}" in lines
    assert f"ok tiles consistency {OLD_SIZE} {SIZE}" in lines
    assert {f"ok inclusion {i} {SIZE}" for i in INDICES} <= lines
    assert f"ok consistency {OLD_SIZE} {SIZE}" in lines


@pytest.mark.parametrize("damage", ["checkpoint", "tile", "proof"])
def test_gos_packages_refuse_what_we_did_not_sign(client, go_verifier, tmp_path, damage):
    """The same program is no rubber stamp: one changed byte in the checkpoint's root, in a tile it
    reads, or in an inclusion proof, and Go's packages refuse it."""
    _fetch_log(client, tmp_path)
    if damage == "checkpoint":
        text = (tmp_path / "checkpoint").read_text()
        origin, size, root, rest = text.split("\n", 3)
        raw = bytearray(base64.b64decode(root))
        raw[0] ^= 1
        (tmp_path / "checkpoint").write_text("\n".join([origin, size, base64.b64encode(raw).decode(), rest]))
        expected = "FAIL checkpoint: note.Open"
    elif damage == "tile":
        tile = tmp_path / f"tile/0/{SIZE // 256:03d}.p/{SIZE % 256}"  # the right edge, read for the root
        raw = bytearray(tile.read_bytes())
        raw[40] ^= 1
        tile.write_bytes(bytes(raw))
        expected = "FAIL tiles"
    else:
        proofs = (tmp_path / "proofs.txt").read_text().splitlines()
        fields = proofs[3].split()
        raw = bytearray(base64.b64decode(fields[-1]))
        raw[0] ^= 1
        fields[-1] = base64.b64encode(raw).decode()
        proofs[3] = " ".join(fields)
        (tmp_path / "proofs.txt").write_text("\n".join(proofs) + "\n")
        expected = f"FAIL inclusion {INDICES[3]}"
    result = _run(go_verifier, tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1].startswith(expected), result.stdout
