"""``gongkai backup`` and ``gongkai restore`` through the console script, on the suite's kind of database
(SQLite, or PostgreSQL when DATABASE_URL names one: then into scratch databases made and dropped here)."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from conftest import run_gongkai
from scratch_databases import on_postgresql, scratch_database

# The module builds one demo installation and one backup of it: its tests stay on one xdist worker.
pytestmark = pytest.mark.xdist_group("backup")

COUNT_APPLICATIONS = (
    "from gongkai.applications.models import Application, Letter; "
    "print(Application.objects.count(), Letter.objects.count(), "
    "sorted(Application.objects.values_list('tracking_code', flat=True)))"
)


class Site:
    """One gongkai installation: its own var folder and database."""

    def __init__(self, root: Path, database_url: str) -> None:
        self.root = root
        self.env = {"GONGKAI_VAR_DIR": str(root / "var"), "DATABASE_URL": database_url}
        root.mkdir(parents=True, exist_ok=True)

    def __call__(self, *args: str, expect: int = 0) -> str:
        result = run_gongkai(list(args), self.env, cwd=self.root, timeout=180)
        assert result.returncode == expect, result.stderr
        return result.stdout + result.stderr

    @property
    def media(self) -> Path:
        return self.root / "var" / "media"


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    # One demo installation for the module (building it is the slow part); the tests only read it, and
    # the forced restore puts back what it held.
    root = tmp_path_factory.mktemp("backup")
    with scratch_database(root, "backup_source") as url:
        site = Site(root / "source", url)
        site("migrate", "--noinput")
        site("demo")
        upload = site.media / "applications" / "1" / "GK-TEST" / "证明材料.pdf"
        upload.parent.mkdir(parents=True, exist_ok=True)
        upload.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
        yield site


@pytest.fixture(scope="module")
def backup(source: Site, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One backup of the source for the module (the tests only read it): the archive and what was printed."""
    archive = tmp_path_factory.mktemp("archive") / "gongkai.tar.gz"
    return archive, source("backup", "-o", str(archive))


@pytest.fixture
def target(tmp_path: Path):  # type: ignore[no-untyped-def]
    with scratch_database(tmp_path, "backup_target") as url:
        yield Site(tmp_path / "target", url)


def media_tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def test_backup_restores_into_an_empty_database_and_verifies(
    source: Site, target: Site, backup: tuple[Path, str]
) -> None:
    archive, printed = backup
    assert "uploaded files" in printed
    assert archive.stat().st_mode & 0o077 == 0, "a backup holds personal data: owner-only"
    with tarfile.open(archive) as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert manifest["database"]["engine"] == ("postgresql" if on_postgresql() else "sqlite")
    assert manifest["row_counts"]["applications_application"] > 0
    assert "applications" in manifest["migrations"]
    assert all(len(entry["sha256"]) == 64 for entry in manifest["media"])

    assert "restored and verified" in target("restore", str(archive))

    assert target("shell", "--no-imports", "-c", COUNT_APPLICATIONS) == source(
        "shell", "--no-imports", "-c", COUNT_APPLICATIONS
    )
    assert media_tree(target.media) == media_tree(source.media)


def test_restore_refuses_a_database_that_holds_data_unless_forced(
    source: Site, backup: tuple[Path, str]
) -> None:
    archive, _ = backup
    refused = source("restore", str(archive), expect=1)
    assert "--force" in refused
    assert "restored and verified" in source("restore", "--force", str(archive))


def one_sentence(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert "Traceback" not in output
    return lines[0]


def test_a_truncated_archive_is_refused_in_one_sentence(
    target: Site, backup: tuple[Path, str], tmp_path: Path
) -> None:
    archive, _ = backup
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    message = one_sentence(target("restore", str(truncated), expect=1))
    assert "truncated.tar.gz" in message


def test_an_altered_database_in_the_archive_fails_its_checksum(
    target: Site, backup: tuple[Path, str], tmp_path: Path
) -> None:
    archive, _ = backup
    altered = tmp_path / "altered.tar.gz"
    with tarfile.open(archive) as original, tarfile.open(altered, "w:gz") as copy:
        for member in original:
            data = original.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.startswith("database."):
                data = data[:-1] + bytes([data[-1] ^ 0xFF])
            copy.addfile(member, io.BytesIO(data))
    message = one_sentence(target("restore", str(altered), expect=1))
    assert "checksum" in message


def test_a_stored_backup_is_kept_in_the_backups_storage_readable_by_its_owner_only(source: Site) -> None:
    printed = source("backup", "--store")
    [archive] = (source.root / "var" / "backups").iterdir()
    assert f"stored as {archive.name}" in printed
    assert archive.stat().st_mode & 0o077 == 0
    with tarfile.open(archive) as opened:
        assert json.loads(opened.extractfile("manifest.json").read())["media"]  # type: ignore[union-attr]
    archive.unlink()


def test_in_a_province_deployment_the_backup_goes_to_the_backup_bucket(
    source: Site, s3_endpoint: str
) -> None:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="gongkai-test",
        aws_secret_access_key="gongkai-test",
    )
    for bucket in ("province-files", "province-backups"):
        client.create_bucket(Bucket=bucket)
    client.put_object(Bucket="province-files", Key="catalog/1/通知.pdf", Body=b"%PDF-1.4 in the object store")
    environment = {
        "GONGKAI_STORAGE": "s3",
        "GONGKAI_S3_ENDPOINT_URL": s3_endpoint,
        "GONGKAI_S3_REGION": "us-east-1",
        "GONGKAI_S3_ACCESS_KEY_ID": "gongkai-test",
        "GONGKAI_S3_SECRET_ACCESS_KEY": "gongkai-test",
        "GONGKAI_S3_BUCKET": "province-files",
        "GONGKAI_S3_BACKUP_BUCKET": "province-backups",
    }
    result = run_gongkai(["backup", "--store"], source.env | environment, cwd=source.root, timeout=180)
    assert result.returncode == 0, result.stderr
    [stored] = client.list_objects_v2(Bucket="province-backups")["Contents"]
    archive = client.get_object(Bucket="province-backups", Key=stored["Key"])["Body"].read()
    with tarfile.open(fileobj=io.BytesIO(archive)) as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())  # type: ignore[union-attr]
        assert [entry["path"] for entry in manifest["media"]] == ["catalog/1/通知.pdf"]
        media = opened.extractfile("media/catalog/1/通知.pdf").read()  # type: ignore[union-attr]
    assert media == b"%PDF-1.4 in the object store"
