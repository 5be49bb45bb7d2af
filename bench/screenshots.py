"""Screenshots of the manager dashboard and the employee page, desktop and phone.

Builds the demo in a throw-away SQLite database, serves it on a local port,
signs in through the login form as ``manager`` and ``employee`` (password
``demo``) in headless Chromium (/usr/bin/chromium, never a download), and
writes full-page PNGs to screenshots/ (git-ignored):

    .venv/bin/python bench/screenshots.py            # port 8765
    .venv/bin/python bench/screenshots.py --port 8799 --out screenshots

Needs ``apt-get install -y chromium`` and ``pip install -r requirements-dev.txt``.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("KYNDIG_CHROMIUM", "/usr/bin/chromium")
SIZES = {
    "desktop": {"width": 1366, "height": 900},
    "phone": {"width": 390, "height": 844},
}
SHOTS = [("manager", "/dashboard/", "dashboard"), ("employee", "/me/", "employee")]


def manage(env: dict, *args: str, **kwargs) -> subprocess.Popen | None:
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    if kwargs.get("background"):
        return subprocess.Popen(command, env=env, cwd=ROOT)
    subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return None


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (local URL)
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The demo server did not answer at {url}")


def shoot(base: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--headless"]
        )
        for username, path, name in SHOTS:
            for size, viewport in SIZES.items():
                context = browser.new_context(
                    viewport=viewport,
                    locale="da-DK",
                    device_scale_factor=1,
                    is_mobile=size == "phone",
                )
                page = context.new_page()
                page.goto(f"{base}/login/")
                page.get_by_label("Brugernavn").fill(username)
                page.get_by_label("Adgangskode").fill("demo")
                page.get_by_role("button", name="Log ind").click()
                page.wait_for_load_state("networkidle")
                page.goto(f"{base}{path}")
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(800)  # let the chart finish its animation
                target = out / f"{name}-{size}.png"
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
                context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    options = parser.parse_args()
    options.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "SQLITE_PATH": str(Path(tmp) / "demo.sqlite3"),
            "AXES_ENABLED": "false",
        }
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
        server = manage(
            env,
            "runserver",
            f"127.0.0.1:{options.port}",
            "--noreload",
            background=True,
        )
        try:
            base = f"http://127.0.0.1:{options.port}"
            wait_for(f"{base}/health/")
            for path in shoot(base, options.out):
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
