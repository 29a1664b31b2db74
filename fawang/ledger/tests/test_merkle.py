"""The RFC 6962 functions against transparency-dev/merkle's vectors and against pymerkle."""

import json
import random
from pathlib import Path

import pytest
from pymerkle import InmemoryTree

from fawang.ledger import merkle

VECTORS = json.loads((Path(__file__).parent / "data" / "rfc6962_vectors.json").read_text())
PROBES = VECTORS["probes"]
h = bytes.fromhex


def _run_probe(probe: dict) -> None:
    proof = [h(x) for x in probe["proof"] or []]
    if probe["type"] == "inclusion":
        merkle.verify_inclusion(
            probe["leaf_idx"], probe["tree_size"], h(probe["leaf_hash"]), proof, h(probe["root"])
        )
    else:
        merkle.verify_consistency(probe["size1"], probe["size2"], h(probe["root1"]), h(probe["root2"]), proof)


def test_the_vector_file_has_12_valid_and_184_invalid_probes():
    assert sum(not p["want_err"] for p in PROBES) == 12
    assert sum(p["want_err"] for p in PROBES) == 184


@pytest.mark.parametrize("probe", [p for p in PROBES if not p["want_err"]], ids=lambda p: p["file"])
def test_every_valid_probe_is_accepted(probe):
    _run_probe(probe)


@pytest.mark.parametrize("probe", [p for p in PROBES if p["want_err"]], ids=lambda p: p["file"])
def test_every_invalid_probe_is_rejected(probe):
    with pytest.raises(merkle.ProofError):
        _run_probe(probe)


def test_leaf_and_node_hashes_and_roots_of_sizes_0_to_8_match():
    leaves = [h(x) for x in VECTORS["leaf_inputs"]]
    hashes = [merkle.leaf_hash(x) for x in leaves]
    assert [x.hex() for x in hashes] == VECTORS["leaf_hashes"]
    for level, nodes in enumerate(VECTORS["node_hashes_by_level"]):
        subtree = merkle.memory_subtrees(hashes)
        assert [subtree(level, i).hex() for i in range(len(nodes))] == nodes
    for size, root in VECTORS["root_hashes_by_size"].items():
        assert merkle.root_of(hashes[: int(size)]).hex() == root
        assert merkle.tree_root(int(size), merkle.memory_subtrees(hashes)).hex() == root
    for vector in VECTORS["hasher_vectors"]:
        if vector["kind"] == "leaf":
            assert merkle.leaf_hash(h(vector["input_hex"])).hex() == vector["want"]
        elif vector["kind"] == "node":
            assert merkle.node_hash(h(vector["left_hex"]), h(vector["right_hex"])).hex() == vector["want"]
        else:
            assert merkle.EMPTY_ROOT.hex() == vector["want"]


def test_the_literal_proof_tables_are_produced_exactly():
    hashes = [merkle.leaf_hash(h(x)) for x in VECTORS["leaf_inputs"]]
    subtree = merkle.memory_subtrees(hashes)
    for case in VECTORS["inclusion_proofs"]:
        proof = merkle.inclusion_proof(case["leaf_index"], case["tree_size"], subtree)
        assert [p.hex() for p in proof] == case["proof"]
        merkle.verify_inclusion(
            case["leaf_index"], case["tree_size"], h(case["leaf_hash"]), proof, h(case["root"])
        )
    for case in VECTORS["consistency_proofs"]:
        proof = merkle.consistency_proof(case["size1"], case["size2"], subtree)
        assert [p.hex() for p in proof] == case["proof"]
        merkle.verify_consistency(case["size1"], case["size2"], h(case["root1"]), h(case["root2"]), proof)


@pytest.mark.parametrize("seed", range(6))
def test_the_tree_agrees_with_pymerkle_on_random_trees(seed):
    rng = random.Random(seed)
    entries = [rng.randbytes(rng.randrange(0, 40)) for _ in range(rng.randrange(1, 300))]
    theirs = InmemoryTree(algorithm="sha256")  # RFC 6962 prefixes (security=True)
    for data in entries:
        theirs.append_entry(data)
    hashes = [merkle.leaf_hash(d) for d in entries]
    subtree = merkle.memory_subtrees(hashes)
    n = len(entries)
    for size in {1, 2, n // 2 or 1, n - 1 or 1, n, rng.randrange(1, n + 1)}:
        assert merkle.tree_root(size, subtree) == theirs.get_root(size)
    for _ in range(20):
        size = rng.randrange(1, n + 1)
        index = rng.randrange(size)
        ours = merkle.inclusion_proof(index, size, subtree)
        # pymerkle counts leaves from 1 and puts the leaf's own hash first in its path.
        path = theirs.prove_inclusion(index + 1, size).serialize()["path"]
        assert [p.hex() for p in ours] == path[1:]
        merkle.verify_inclusion(index, size, hashes[index], ours, theirs.get_root(size))
        old = rng.randrange(1, size + 1)
        merkle.verify_consistency(
            old,
            size,
            theirs.get_root(old),
            theirs.get_root(size),
            merkle.consistency_proof(old, size, subtree),
        )


def test_every_proof_of_small_trees_verifies_and_a_changed_hash_does_not():
    for n in range(1, 40):
        hashes = [merkle.leaf_hash(bytes([i])) for i in range(n)]
        subtree = merkle.memory_subtrees(hashes)
        root = merkle.root_of(hashes)
        for i in range(n):
            proof = merkle.inclusion_proof(i, n, subtree)
            merkle.verify_inclusion(i, n, hashes[i], proof, root)
            if proof:
                bad = [proof[0][:-1] + bytes([proof[0][-1] ^ 1]), *proof[1:]]
                with pytest.raises(merkle.ProofError):
                    merkle.verify_inclusion(i, n, hashes[i], bad, root)
        for old in range(1, n + 1):
            proof = merkle.consistency_proof(old, n, subtree)
            merkle.verify_consistency(old, n, merkle.root_of(hashes[:old]), root, proof)


def test_tile_paths_use_the_x_prefixed_three_digit_form():
    assert merkle.tile_path_index(1234067) == "x001/x234/067"
    assert merkle.tile_path_index(5) == "005"
    assert merkle.tile_path_index(1000) == "x001/000"
    for n in (0, 7, 999, 1000, 1234067, 2**40):
        assert merkle.parse_tile_path_index(merkle.tile_path_index(n)) == n
    for bad in ("5", "0005", "x001", "001/002", "x000/005", "x01/005", "abc", "x00a/001"):
        with pytest.raises(ValueError):
            merkle.parse_tile_path_index(bad)


def test_partial_tiles_of_a_70000_tree_are_as_the_spec_says():
    # The spec's example: 273 full level-0 tiles, a partial of 112; level 1 partial 17; level 2 partial 1.
    assert merkle.tile_widths(70000) == [(0, 273, 112), (1, 1, 17), (2, 0, 1)]
    assert merkle.tile_widths(256) == [(1, 0, 1)]
