"""``make run``: the portal with the November 2021 demo data on a private PostgreSQL."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "vca_portal.settings.local")
    if not env.get("DATABASE_URL"):
        exports = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "services.py"), "demo"],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        ).stdout
        for line in exports.splitlines():
            name, _, value = line.removeprefix("export ").partition("=")
            env[name] = value.strip("'")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], check=True, env=env)
    subprocess.run([*manage, "load_demo"], check=True, env=env)
    # Hashed, compressed static files, served with a year's caching (settings.local).
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], check=True, env=env)
    address = env.get("PORTAL_ADDRESS", "127.0.0.1:8000")
    print(f"\nVCA Portal: http://{address}/  (Ctrl+C to stop)\n", flush=True)
    os.execvpe(manage[0], [*manage, "runserver", address, "--noreload"], env)  # noqa: S606


if __name__ == "__main__":
    main()
