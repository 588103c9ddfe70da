"""Static files travel compressed under hashed names cached for a year, in the demo profile
(``make run``) as in production: the heavy vendored files cost a slow provincial line a
fraction of their size, once."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, django, os
django.setup()
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client
client = Client()
out = {}
for name in ("vendor/bootstrap/bootstrap.min.css", "vendor/chartjs/chart.min.js",
             "vendor/bootstrap/collapse.min.js", "css/portal.css"):
    url = static(name)
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    out[name] = {"url": url, "status": response.status_code, "bytes": len(body),
                 "encoding": response.get("Content-Encoding"),
                 "cache": response.get("Cache-Control"),
                 "size": os.path.getsize(finders.find(name)),
                 "unhashed_kept": (django.conf.settings.STATIC_ROOT / name).exists()}
print(json.dumps(out))
"""


@pytest.mark.parametrize("profile", ["local", "production"])
def test_static_files_are_hashed_compressed_and_cached_for_a_year(profile, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": f"vca_portal.settings.{profile}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    collected = subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v", "0"], env=env, capture_output=True, text=True
    )
    assert collected.returncode == 0, collected.stderr
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert probe.returncode == 0, probe.stderr
    files = json.loads(probe.stdout.splitlines()[-1])
    for name, served in files.items():
        assert served["status"] == 200, name
        stem = Path(name).name.split(".")[0]
        assert served["url"] != f"/static/{name}", f"{name} is not under a hashed name"
        assert stem in served["url"]
        assert served["encoding"] == "gzip", name
        assert "max-age=31536000" in served["cache"], (name, served["cache"])
        assert "immutable" in served["cache"]
        assert not served["unhashed_kept"], f"{name} is also kept under its plain name"
    css = files["vendor/bootstrap/bootstrap.min.css"]
    assert css["bytes"] < css["size"] / 4  # 128 KB of CSS travel as about 16 KB
