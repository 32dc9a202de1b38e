"""Backup and restore with the files in an S3-compatible object store (S3_BUCKET): the evidence
is read from one bucket into the archive and written back into an empty one, and nothing is
written to the local disk. Against moto's standalone server on loopback, the stand-in for
MinIO or Ceph that `make cluster` runs too."""

import hashlib
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
from django.core.files.storage import default_storage

from backup.tests.test_backup import empty_the_instance, row_counts, run
from followup.models import Evidence

KEYS = {"access_key": "prueba", "secret_key": "prueba-secreta", "region_name": "us-east-1"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def s3_endpoint(tmp_path):
    port = free_port()
    server = Path(sys.executable).with_name("moto_server")
    process = subprocess.Popen(  # the venv's own moto_server, on loopback
        [str(server), "-H", "127.0.0.1", "-p", str(port)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(200):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    yield endpoint
    process.kill()
    process.wait()


def client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
        region_name=KEYS["region_name"],
    )


def use_bucket(settings, endpoint: str, bucket: str) -> None:
    client(endpoint).create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": endpoint,
                "default_acl": "private",
                "file_overwrite": False,
                **KEYS,
            },
        },
    }


def objects(endpoint: str, bucket: str) -> dict[str, bytes]:
    s3 = client(endpoint)
    listed = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {o["Key"]: s3.get_object(Bucket=bucket, Key=o["Key"])["Body"].read() for o in listed}


@pytest.mark.django_db(transaction=True)
def test_a_backup_reads_the_bucket_and_a_restore_fills_an_empty_one(
    plan_types, settings, tmp_path, s3_endpoint
):
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "media"
    use_bucket(settings, s3_endpoint, "origen")
    run("load_demo")
    evidence = {e.file.name: e.sha256 for e in Evidence.objects.exclude(file="")}
    assert evidence
    stored = objects(s3_endpoint, "origen")
    for name, checksum in evidence.items():
        assert hashlib.sha256(stored[name]).hexdigest() == checksum, "the evidence is in the bucket"
    before = row_counts()
    archive = tmp_path / "planaccion.zip"
    assert "Copia de respaldo escrita" in run("backup", str(archive))

    empty_the_instance(settings, tmp_path / "media")
    use_bucket(settings, s3_endpoint, "destino")
    assert "Se restauró la copia" in run("restore", str(archive))

    assert row_counts() == before
    restored = objects(s3_endpoint, "destino")
    assert {name: hashlib.sha256(restored[name]).hexdigest() for name in evidence} == evidence
    with default_storage.open(next(iter(evidence)), "rb") as opened:
        assert hashlib.sha256(opened.read()).hexdigest() == next(iter(evidence.values()))
    local = [p for p in (tmp_path / "media").rglob("*") if p.is_file()]
    assert local == [], "nothing on the local disk"
