"""Signed notes and cosignatures against the C2SP specifications' own examples (docs/specs/)."""

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from fawang.ledger import note

SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
SPEC_NOTE = (
    "This is an example message.\n\n"
    "\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"
)
CHECKPOINT = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"


def _signer(name: str, kind: int = note.ED25519) -> note.Signer:
    return note.Signer(name, Ed25519PrivateKey.generate(), kind)


def test_the_signed_note_specs_example_verifies_with_its_vkey():
    verifier = note.Verifier.from_vkey(SPEC_VKEY)
    opened = note.open_note(SPEC_NOTE, [verifier])
    assert opened.text == "This is an example message.\n"
    assert opened.signed_by(verifier)
    assert verifier.vkey == SPEC_VKEY  # the key ID we compute is the spec's 530d903a


def test_one_changed_character_of_the_text_fails_the_whole_note():
    with pytest.raises(note.NoteError) as err:
        note.open_note(SPEC_NOTE.replace("example", "exampel", 1), [note.Verifier.from_vkey(SPEC_VKEY)])
    assert err.value.code == "bad_signature"


def test_signatures_from_unknown_keys_are_ignored_but_one_trusted_key_must_verify():
    log, stranger = _signer("fawang.example/log"), _signer("someone.example/else")
    signed = note.sign(CHECKPOINT, [log, stranger])
    assert note.open_note(signed, [log.verifier]).text == CHECKPOINT
    with pytest.raises(note.NoteError) as err:
        note.open_note(signed, [_signer("fawang.example/log").verifier])  # same name, other key
    assert err.value.code == "unverified"


def test_a_cosignature_signs_the_v1_message_with_its_timestamp():
    log, witness = _signer("fawang.example/log"), _signer("court.example/w1", note.COSIGNATURE_V1)
    signed = note.sign(CHECKPOINT, [log])
    cosigned = note.add_signature_lines(signed, [witness.signature_line(CHECKPOINT, timestamp=1679315147)])
    opened = note.open_note(cosigned, [log.verifier, witness.verifier])
    assert [v.timestamp for v in opened.verified] == [0, 1679315147]
    blob = base64.b64decode(cosigned.splitlines()[-1].split(" ")[-1])
    assert blob[4:12] == (1679315147).to_bytes(8, "big")  # timestamped_signature: u64 then the signature
    assert witness.verifier.verify(CHECKPOINT, blob[4:]) == 1679315147
    # The same key's ID differs by signature type (0x01 v 0x04), so a cosignature never passes as a signature.
    as_plain = note.Verifier(witness.name, note.ED25519, witness.verifier.public_key)
    assert as_plain.key_id != witness.verifier.key_id


def test_adding_the_same_cosignature_twice_keeps_one_line():
    log, witness = _signer("fawang.example/log"), _signer("court.example/w1", note.COSIGNATURE_V1)
    line = witness.signature_line(CHECKPOINT, timestamp=1)
    twice = note.add_signature_lines(note.add_signature_lines(note.sign(CHECKPOINT, [log]), [line]), [line])
    assert twice.count("court.example/w1") == 1


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        ("no blank line\n\u2014 a AAAAAAA=\n", "no_signatures"),
        ("text\n\n- a AAAAAAAA\n", "bad_signature_line"),
        ("text\n\n\u2014 a !!!!\n", "bad_signature_line"),
        ("text\x00\n\n\u2014 a AAAAAAAA\n", "bad_text"),
        ("text\n\n\u2014 a AAAAAAAA", "bad_signature_line"),
        (b"\xff\xfe\n\n", "bad_text"),
    ],
)
def test_malformed_notes_are_refused_with_the_rule_they_break(bad, code):
    with pytest.raises(note.NoteError) as err:
        note.parse(bad)
    assert err.value.code == code


@pytest.mark.parametrize(
    "vkey",
    [
        "example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  # wrong key ID
        "example.com/foo+530d903a",
        "example com+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
        "example.com/foo+530d903a+A+ekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
        "example.com/foo+zzzzzzzz+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
    ],
)
def test_a_malformed_or_mismatched_vkey_is_refused(vkey):
    with pytest.raises(note.NoteError):
        note.Verifier.from_vkey(vkey)


def test_a_note_text_must_end_in_a_newline_to_be_signed():
    with pytest.raises(note.NoteError) as err:
        note.sign("no newline", [_signer("a.example/k")])
    assert err.value.code == "bad_text"
