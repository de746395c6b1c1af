"""The audit log: records chained by hash, tampering found at the right line, safe text, concurrent writers, the CLI."""

from __future__ import annotations

import json
import multiprocessing
import stat
from pathlib import Path

import pytest

from smarthub_tui import audit, cli
from smarthub_tui.audit import GENESIS, AuditLog, line_hash, mask_account, verify


def write(path: Path, count: int = 5) -> AuditLog:
    log = AuditLog(path, clock=lambda: 1_764_556_200.5)
    for number in range(count):
        log.record(agent="ana", step=f"step{number}", outcome="ok", account_number="1000234567", detail=f"note {number}")
    return log


def lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def test_records_are_chained_by_the_hash_of_the_line_before(tmp_path):
    path = tmp_path / "deep" / "dir" / "audit.jsonl"
    write(path, 3)
    raw = lines(path)
    records = [json.loads(line) for line in raw]
    assert records[0]["prev"] == GENESIS
    assert records[1]["prev"] == line_hash(raw[0])
    assert records[2]["prev"] == line_hash(raw[1])
    assert records[0]["time"] == "2025-12-01T02:30:00.500Z"
    assert [r["step"] for r in records] == ["step0", "step1", "step2"]
    check = verify(path)
    assert check.ok and check.records == 3 and check.problem is None and check.line is None
    assert check.last_hash == line_hash(raw[2])


def test_the_file_is_private_and_only_appended_to(tmp_path):
    path = tmp_path / "audit.jsonl"
    write(path, 2)
    first = path.read_bytes()
    write(path, 1)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(first)
    assert verify(path).records == 3


def test_an_empty_log_is_intact_and_a_missing_one_is_not_a_log(tmp_path):
    (tmp_path / "empty.jsonl").write_bytes(b"")
    assert verify(tmp_path / "empty.jsonl") == audit.AuditCheck(True, 0)
    with pytest.raises(FileNotFoundError):
        verify(tmp_path / "none.jsonl")


def test_an_edited_field_is_found_at_that_line(tmp_path):
    path = tmp_path / "audit.jsonl"
    write(path)
    raw = lines(path)
    raw[2] = raw[2].replace(b'"outcome":"ok"', b'"outcome":"no"')
    path.write_bytes(b"".join(raw))
    check = verify(path)
    assert not check.ok
    assert check.line == 3 and check.records == 2
    assert "edited" in (check.problem or "")


def test_an_edit_with_its_own_hash_redone_is_found_at_the_next_line(tmp_path):
    path = tmp_path / "audit.jsonl"
    write(path)
    raw = lines(path)
    record = json.loads(raw[2])
    record["outcome"] = "refused"
    record["hash"] = audit._own_hash(record)
    raw[2] = audit._encode(record) + b"\n"
    path.write_bytes(b"".join(raw))
    check = verify(path)
    assert not check.ok and check.line == 4
    assert "prev hash" in (check.problem or "")


def test_a_deleted_middle_line_is_found(tmp_path):
    path = tmp_path / "audit.jsonl"
    write(path)
    raw = lines(path)
    del raw[2]
    path.write_bytes(b"".join(raw))
    check = verify(path)
    assert not check.ok and check.line == 3


def test_two_swapped_lines_are_found(tmp_path):
    path = tmp_path / "audit.jsonl"
    write(path)
    raw = lines(path)
    raw[1], raw[2] = raw[2], raw[1]
    path.write_bytes(b"".join(raw))
    check = verify(path)
    assert not check.ok and check.line == 2


def test_an_inserted_forged_line_is_found(tmp_path):
    path = tmp_path / "audit.jsonl"
    write(path)
    raw = lines(path)
    forged = {"time": "2025-12-01T02:30:00.500Z", "agent": "eve", "step": "terms", "outcome": "ok", "account": None, "prev": "1" * 64}
    forged["hash"] = audit._own_hash(forged)
    raw.insert(3, audit._encode(forged) + b"\n")
    path.write_bytes(b"".join(raw))
    check = verify(path)
    assert not check.ok and check.line == 4
    # Even a forger who chains the forged line correctly breaks the line after it.
    forged["prev"] = line_hash(raw[2])
    forged["hash"] = audit._own_hash(forged)
    raw[3] = audit._encode(forged) + b"\n"
    path.write_bytes(b"".join(raw))
    check = verify(path)
    assert not check.ok and check.line == 5


def test_a_cut_off_last_line_is_found_and_writing_on_is_still_caught(tmp_path):
    path = tmp_path / "audit.jsonl"
    write(path, 3)
    path.write_bytes(path.read_bytes()[:-20])
    check = verify(path)
    assert not check.ok and check.line == 3 and "cut off" in (check.problem or "")


def test_spacing_changed_in_a_line_is_found(tmp_path):
    path = tmp_path / "audit.jsonl"
    write(path, 3)
    raw = lines(path)
    raw[1] = raw[1].replace(b'"agent":', b'"agent": ')
    path.write_bytes(b"".join(raw))
    assert verify(path).line == 2


def test_control_characters_are_stripped_and_fields_capped(tmp_path):
    path = tmp_path / "audit.jsonl"
    AuditLog(path).record(
        agent="ana\x1b]52;c;aGk=\x07\r\nroot", step="ident\x00ity", outcome="ok\u202e", detail="x" * 5000
    )
    record = json.loads(path.read_text())
    assert record["agent"] == "ana root"
    assert record["step"] == "identity"
    assert record["outcome"] == "ok"
    assert len(record["detail"]) == audit.DETAIL_LIMIT
    assert record["account"] is None
    assert "\x1b" not in path.read_text() and "\\u001b" not in path.read_text()
    assert verify(path).ok


@pytest.mark.parametrize(
    ("number", "masked"),
    [("1000234567", "******4567"), ("12345", "*2345"), ("1234", "****"), ("", "****"), (" 98765\x1b[2J ", "*8765")],
)
def test_account_numbers_are_masked_to_their_last_four(number, masked):
    assert mask_account(number) == masked


def test_the_record_holds_the_masked_account_only(tmp_path):
    path = tmp_path / "audit.jsonl"
    write(path, 1)
    text = path.read_text()
    assert "1000234567" not in text and "******4567" in text


def _append_many(path: str, agent: str, count: int) -> None:
    log = AuditLog(Path(path))
    for number in range(count):
        log.record(agent=agent, step="lookup", outcome="ok", account_number="1000234567", detail=str(number))


def test_two_processes_appending_at_once_keep_the_chain(tmp_path):
    path = tmp_path / "audit.jsonl"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_append_many, args=(str(path), agent, 200)) for agent in ("ana", "bo")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    check = verify(path)
    assert check.ok, check
    assert check.records == 400
    agents = [json.loads(line)["agent"] for line in lines(path)]
    assert agents.count("ana") == 200 and agents.count("bo") == 200


def test_the_default_path_is_in_the_user_data_directory():
    path = audit.default_audit_path()
    assert path.name == "audit.jsonl" and path.parent.name == "smarthub-tui"


def test_cli_verify_an_intact_log(tmp_path, capsys):
    path = tmp_path / "audit.jsonl"
    write(path, 4)
    assert cli.main(["audit", "verify", "--file", str(path)]) == 0
    out = capsys.readouterr().out.strip()
    assert out == f"audit log {path}: 4 records, chain intact (last hash {verify(path).last_hash})"


def test_cli_verify_a_broken_log(tmp_path, capsys):
    path = tmp_path / "audit.jsonl"
    write(path, 4)
    raw = lines(path)
    del raw[1]
    path.write_bytes(b"".join(raw))
    assert cli.main(["audit", "verify", "--file", str(path)]) == 1
    out = capsys.readouterr().out.strip()
    assert out.startswith(f"audit log {path}: chain broken at line 2: ")


def test_cli_verify_a_missing_log(tmp_path, capsys):
    assert cli.main(["audit", "verify", "--file", str(tmp_path / "none.jsonl")]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == f"audit log {tmp_path / 'none.jsonl'}: no such file"
    assert captured.out == ""


def test_cli_anchor_finds_lines_removed_from_the_end(tmp_path, capsys):
    path = tmp_path / "audit.jsonl"
    write(path, 4)
    anchor = verify(path).last_hash
    assert cli.main(["audit", "verify", "--file", str(path), "--anchor", anchor]) == 0
    write(path, 1)
    assert cli.main(["audit", "verify", "--file", str(path), "--anchor", anchor]) == 0
    raw = lines(path)
    path.write_bytes(b"".join(raw[:3]))
    capsys.readouterr()
    assert cli.main(["audit", "verify", "--file", str(path), "--anchor", anchor]) == 1
    assert "is not in it" in capsys.readouterr().out


def test_cli_audit_help_explains(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["audit", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "verify" in out and "--anchor" in out and "exit status" in out


def test_wizard_help_names_the_audit_log(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert str(audit.default_audit_path()) in out and "smarthub-tui audit verify" in out
