// An independent verifier of Fawang's evidence log: the Go checksum database's own `note` and `tlog`
// packages (golang.org/x/mod/sumdb, Debian's golang-golang-x-mod-dev), which issue 12 names as one of
// the implementations that must accept our checkpoints, tiles and proofs unchanged. No code of ours runs
// here. fawang/ledger/tests/test_go_verifier.py serves a log, writes what a client would fetch into a
// directory, runs this program over it and reads its lines.
//
// Input directory: verifier-key, checkpoint, old-checkpoint (signed notes as served at /log/), tile/...
// (hash tiles as served, full and partial), proofs.txt: lines "inclusion INDEX LEAFHASH H1 H2 ..." and
// "consistency OLD NEW H1 H2 ..." (base64, as the proof API answers). Output: one "ok ..." line per
// check, or "FAIL ..." and exit status 1.
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var dir string

func fail(format string, args ...interface{}) {
	fmt.Printf("FAIL "+format+"\n", args...)
	os.Exit(1)
}

func read(name string) []byte {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		fail("read %s: %v", name, err)
	}
	return data
}

// checkpoint opens a signed note with the log's key and parses its C2SP tlog-checkpoint body
// (origin, size, root hash): the same three lines as the Go checksum database's own tree notes,
// whose first line is that database's origin.
func checkpoint(verifiers note.Verifiers, name string) (string, tlog.Tree) {
	msg, err := note.Open(read(name), verifiers)
	if err != nil {
		fail("%s: note.Open: %v", name, err)
	}
	lines := strings.SplitN(msg.Text, "\n", 4)
	if len(lines) < 4 {
		fail("%s: a checkpoint has at least three lines", name)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 {
		fail("%s: bad size %q", name, lines[1])
	}
	hash, err := tlog.ParseHash(lines[2])
	if err != nil {
		fail("%s: bad root hash: %v", name, err)
	}
	for _, sig := range msg.Sigs {
		fmt.Printf("ok signature %s by %s (%08x)\n", name, sig.Name, sig.Hash)
	}
	return lines[0], tlog.Tree{N: size, Hash: hash}
}

// tileReader reads hash tiles from the directory as they were served. tlog's Tile.Path() names the
// tile height too (tile/8/<L>/<N>[.p/<W>]); C2SP tlog-tiles fixed the height at 8 and dropped it from
// the path (tile/<L>/<N>[.p/<W>]); the tiles themselves are the same bytes.
type tileReader struct{}

func (tileReader) Height() int { return 8 }

func (tileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		if t.H != 8 {
			return nil, fmt.Errorf("tile height %d", t.H)
		}
		data, err := os.ReadFile(filepath.Join(dir, "tile", strings.TrimPrefix(t.Path(), "tile/8/")))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (tileReader) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

func hashes(fields []string) []tlog.Hash {
	out := make([]tlog.Hash, len(fields))
	for i, f := range fields {
		raw, err := base64.StdEncoding.DecodeString(f)
		if err != nil || len(raw) != tlog.HashSize {
			fail("bad hash %q", f)
		}
		copy(out[i][:], raw)
	}
	return out
}

func main() {
	dir = os.Args[1]
	verifier, err := note.NewVerifier(string(bytes.TrimSpace(read("verifier-key"))))
	if err != nil {
		fail("verifier key: %v", err)
	}
	verifiers := note.VerifierList(verifier)
	origin, tree := checkpoint(verifiers, "checkpoint")
	_, old := checkpoint(verifiers, "old-checkpoint")
	fmt.Printf("ok checkpoint %s size %d\n", origin, tree.N)

	// The root rebuilt from the served tiles alone, by tlog's own reader (which checks every tile it
	// reads against the tree hash), must be the signed one.
	reader := tlog.TileHashReader(tree, tileReader{})
	root, err := tlog.TreeHash(tree.N, reader)
	if err != nil {
		fail("tiles: TreeHash: %v", err)
	}
	if root != tree.Hash {
		fail("tiles: root %s, checkpoint says %s", root, tree.Hash)
	}
	fmt.Printf("ok tiles root %d\n", tree.N)
	// tlog proves an old checkpoint's consistency from the tiles, and checks it.
	treeProof, err := tlog.ProveTree(tree.N, old.N, reader)
	if err != nil {
		fail("tiles: ProveTree: %v", err)
	}
	if err := tlog.CheckTree(treeProof, tree.N, tree.Hash, old.N, old.Hash); err != nil {
		fail("tiles: CheckTree %d -> %d: %v", old.N, tree.N, err)
	}
	fmt.Printf("ok tiles consistency %d %d\n", old.N, tree.N)

	file, err := os.Open(filepath.Join(dir, "proofs.txt"))
	if err != nil {
		fail("proofs: %v", err)
	}
	scanner := bufio.NewScanner(file)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		if len(fields) < 3 {
			continue
		}
		switch fields[0] {
		case "inclusion": // our API's audit path, checked by tlog against the signed root
			index, _ := strconv.ParseInt(fields[1], 10, 64)
			leaf := hashes(fields[2:3])[0]
			proof := tlog.RecordProof(hashes(fields[3:]))
			if err := tlog.CheckRecord(proof, tree.N, tree.Hash, index, leaf); err != nil {
				fail("inclusion %d: %v", index, err)
			}
			// and tlog's own proof from the tiles is the same path.
			own, err := tlog.ProveRecord(tree.N, index, reader)
			if err != nil || len(own) != len(proof) {
				fail("inclusion %d: ProveRecord: %v (%d hashes, ours %d)", index, err, len(own), len(proof))
			}
			for i := range own {
				if own[i] != proof[i] {
					fail("inclusion %d: hash %d differs from tlog's", index, i)
				}
			}
			fmt.Printf("ok inclusion %d %d\n", index, tree.N)
		case "consistency":
			oldN, _ := strconv.ParseInt(fields[1], 10, 64)
			newN, _ := strconv.ParseInt(fields[2], 10, 64)
			if newN != tree.N || oldN != old.N {
				fail("consistency %d %d: not the two checkpoints' sizes", oldN, newN)
			}
			proof := tlog.TreeProof(hashes(fields[3:]))
			if err := tlog.CheckTree(proof, tree.N, tree.Hash, old.N, old.Hash); err != nil {
				fail("consistency %d %d: %v", oldN, newN, err)
			}
			fmt.Printf("ok consistency %d %d\n", oldN, newN)
		}
	}
}
