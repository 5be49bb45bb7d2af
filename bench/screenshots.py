"""Screenshots of the main pages, desktop (1280 px) and phone (390 px).

Builds the demo in a throw-away SQLite database, serves it on a local port,
signs in through the login form as each demo user (password ``demo``) in
headless Chromium (/usr/bin/chromium, never a download), and writes full-page
PNGs to screenshots/ (git-ignored). It fails, naming the pages, when a page is
wider than the window (tables scroll in their own box instead):

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
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}
# (user, path, name); {employee} is the demo's employee, {held} the session
# just held (its attendance waits), {session} the next open one.
SHOTS = [
    ("manager", "/dashboard/", "dashboard"),
    ("manager", "/queue/", "queue"),
    ("manager", "/team/", "team"),
    ("manager", "/employees/{employee}/conversation/", "conversation"),
    ("manager", "/rosters/", "rosters"),
    ("hr", "/sessions/{held}/roster/", "roster"),
    ("hr", "/sessions/{session}/enroll/?department={department}", "bulk-enroll"),
    ("hr", "/employees/import/", "import"),
    ("employee", "/me/", "employee"),
    ("employee", "/courses/?my_gaps=on", "catalogue"),
    ("employee", "/help/levels/", "levels-help"),
]
IDS = (
    "from courses.models import CourseSession as S; "
    "from employees.models import Employee as E; "
    "e = E.objects.get(user__username='employee'); "
    "s = S.objects.filter(is_cancelled=False, starts_at__gt=__import__("
    "'django.utils.timezone').utils.timezone.now()).order_by('starts_at').first(); "
    "h = S.objects.filter(starts_at__lt=s.starts_at, enrollments__status="
    "'enrolled').order_by('-starts_at').first(); "
    "print(e.pk, s.pk, e.department.parent_id, h.pk)"
)


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


def demo_ids(env: dict) -> dict[str, int]:
    command = [sys.executable, str(ROOT / "manage.py"), "shell", "-v0", "-c", IDS]
    output = subprocess.run(
        command, env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split()
    names = ("employee", "session", "department", "held")
    return dict(zip(names, map(int, output[-4:]), strict=True))


def shoot(base: str, out: Path, ids: dict) -> tuple[list[Path], dict[str, int]]:
    from playwright.sync_api import sync_playwright

    written, too_wide = [], {}
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
                page.goto(f"{base}{path.format(**ids)}")
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(800)  # let the chart finish its animation
                wider = page.evaluate("document.documentElement.scrollWidth")
                if wider > viewport["width"]:
                    too_wide[f"{name}-{size}"] = wider
                target = out / f"{name}-{size}.png"
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
                context.close()
        browser.close()
    return written, too_wide


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
            written, too_wide = shoot(base, options.out, demo_ids(env))
            for path in written:
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
            if too_wide:
                raise SystemExit(f"Pages wider than their window: {too_wide}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
